package io.broadside.agent.record;

import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.time.MonoClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The recorders of one lane: a {@link SingleWriterRecorder} per (stage, model, metric) plus exact
 * sums, maxima, counters and measured windows. Written and read only on the lane's event loop:
 * {@link #takeInterval()} runs there too, so counts, sums and histograms of an interval agree.
 */
public final class LaneRecorder {
  private static final int METRICS = LatencyMetric.values().length;

  private final List<String> stages;
  private final List<String> models;
  private final SingleWriterRecorder[] recorders;
  private final Histogram[] recycled;
  private final long[] sums;
  private final long[] maxes;
  private final List<Map<String, long[]>> counters;
  private final long[] firstDispatchUs;
  private final long[] lastCompletionUs;
  private long loopDelayMaxUs;

  public LaneRecorder(List<String> stages, List<String> models) {
    this.stages = List.copyOf(stages);
    this.models = List.copyOf(models);
    int cells = stages.size() * models.size();
    this.recorders = new SingleWriterRecorder[cells * METRICS];
    this.recycled = new Histogram[cells * METRICS];
    this.sums = new long[cells * METRICS];
    this.maxes = new long[cells * METRICS];
    this.counters = new ArrayList<>(cells);
    for (int i = 0; i < cells; i++) {
      counters.add(new HashMap<>());
    }
    this.firstDispatchUs = new long[cells];
    this.lastCompletionUs = new long[cells];
    java.util.Arrays.fill(firstDispatchUs, Long.MAX_VALUE);
    java.util.Arrays.fill(lastCompletionUs, Long.MIN_VALUE);
  }

  public int cell(int stage, int model) {
    return stage * models.size() + model;
  }

  /** Records a latency in microseconds; values beyond one hour are clamped and counted. */
  public void record(int cell, LatencyMetric metric, long micros) {
    int i = cell * METRICS + metric.ordinal();
    SingleWriterRecorder r = recorders[i];
    if (r == null) {
      r = recorders[i] = Histograms.newRecorder();
    }
    long v = Math.max(0, micros);
    if (v > Histograms.HIGHEST_US) {
      count(cell, Counter.OUT_OF_RANGE, 1);
      v = Histograms.HIGHEST_US;
    }
    r.recordValue(v);
    sums[i] += v;
    if (v > maxes[i]) {
      maxes[i] = v;
    }
  }

  /** Notes how late the lane's event loop ran a timer, in microseconds (generator health). */
  public void loopDelay(long micros) {
    loopDelayMaxUs = Math.max(loopDelayMaxUs, micros);
  }

  public void count(int cell, String counter, long delta) {
    counters.get(cell).computeIfAbsent(counter, k -> new long[1])[0] += delta;
  }

  public void dispatched(int cell, long nanos) {
    firstDispatchUs[cell] = Math.min(firstDispatchUs[cell], MonoClock.toEpochUs(nanos));
  }

  public void completed(int cell, long nanos) {
    lastCompletionUs[cell] = Math.max(lastCompletionUs[cell], MonoClock.toEpochUs(nanos));
  }

  /**
   * Takes the interval since the last call and resets it. The histograms returned are valid until
   * the next call (they are recycled then).
   */
  public LaneInterval takeInterval() {
    List<LaneInterval.Series> series = new ArrayList<>();
    List<LaneInterval.Count> counts = new ArrayList<>();
    List<LaneInterval.Window> windows = new ArrayList<>();
    for (int cell = 0; cell < counters.size(); cell++) {
      String stage = stages.get(cell / models.size());
      String model = models.get(cell % models.size());
      for (LatencyMetric m : LatencyMetric.values()) {
        int i = cell * METRICS + m.ordinal();
        if (recorders[i] == null) {
          continue;
        }
        Histogram h = recorders[i].getIntervalHistogram(recycled[i]);
        recycled[i] = h;
        if (h.getTotalCount() > 0) {
          series.add(new LaneInterval.Series(stage, model, m, h, sums[i], maxes[i]));
        }
        sums[i] = 0;
        maxes[i] = 0;
      }
      for (Map.Entry<String, long[]> c : counters.get(cell).entrySet()) {
        if (c.getValue()[0] != 0) {
          counts.add(new LaneInterval.Count(stage, model, c.getKey(), c.getValue()[0]));
          c.getValue()[0] = 0;
        }
      }
      if (firstDispatchUs[cell] != Long.MAX_VALUE && lastCompletionUs[cell] != Long.MIN_VALUE) {
        windows.add(
            new LaneInterval.Window(stage, model, firstDispatchUs[cell], lastCompletionUs[cell]));
      }
    }
    long delay = loopDelayMaxUs;
    loopDelayMaxUs = 0;
    return new LaneInterval(series, counts, windows, delay);
  }
}
