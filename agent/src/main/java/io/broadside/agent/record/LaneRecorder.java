package io.broadside.agent.record;

import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.time.MonoClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one lane recorded: histograms per (stage, model, metric) <em>and intended interval</em> — a
 * request counts in the interval its intended send time falls in, however late it completes — plus
 * exact sums, maxima, counters and measured windows. Written and read only on the lane's event
 * loop: {@link #takeInterval(double)} runs there too, so counts, sums and histograms agree.
 */
public final class LaneRecorder {
  private static final int METRICS = LatencyMetric.values().length;

  private final List<String> stages;
  private final List<String> models;

  /** The parts each (stage, model) cell also keeps apart ({@link Parts}); "" is the cell. */
  private final List<String> parts;

  private final int cells;
  private final Map<Long, Bucket> open = new LinkedHashMap<>();
  private final ArrayDeque<Histogram> pool = new ArrayDeque<>();
  private final List<Histogram> lent = new ArrayList<>();
  private final List<Map<String, long[]>> counters;
  private final long[] firstDispatchUs;
  private final long[] lastCompletionUs;
  private long loopDelayMaxUs;
  private long stallRequests;
  // per cell, the error classes whose first failure was kept
  private final List<java.util.Set<String>> failedClasses;
  private final List<LaneInterval.ErrorSample> firstErrors = new ArrayList<>();
  private long originNanos;
  private long intervalNanos;
  // the bucket of the last value recorded: most values of a request land in the same one
  private long lastIndex = Long.MIN_VALUE;
  private Bucket lastBucket;

  /** The histograms of one intended interval. */
  private static final class Bucket {
    final Histogram[] histograms;
    final long[] sums;
    final long[] maxes;

    Bucket(int size) {
      histograms = new Histogram[size];
      sums = new long[size];
      maxes = new long[size];
    }
  }

  /** Lines of the per-request log since the last interval taken; null when the plan has none. */
  private StringBuilder requests;

  /** Keeps a line of JSON per ended request from now on, handed over with each interval. */
  public void logRequests() {
    requests = new StringBuilder();
  }

  /** Whether ended requests are logged one by one. */
  boolean logsRequests() {
    return requests != null;
  }

  /**
   * Logs one ended request of {@code cell}: epoch µs of its intended and actual send, its TTFT and
   * e2e in µs (-1: none), its tokens and its outcome ({@code ok}, {@code cold} or an error class).
   */
  void request(
      int cell,
      long intendedUs,
      long sentUs,
      long ttftUs,
      long e2eUs,
      int outputTokens,
      int promptTokens,
      String outcome) {
    StringBuilder b = requests;
    b.append("{\"stage\":");
    quote(b, stageOf(cell));
    b.append(",\"model\":");
    quote(b, modelOf(cell));
    b.append(",\"intendedUs\":").append(intendedUs);
    b.append(",\"sentUs\":").append(sentUs < 0 ? "null" : String.valueOf(sentUs));
    b.append(",\"ttftUs\":").append(ttftUs < 0 ? "null" : String.valueOf(ttftUs));
    b.append(",\"e2eUs\":").append(e2eUs < 0 ? "null" : String.valueOf(e2eUs));
    b.append(",\"outputTokens\":").append(outputTokens);
    b.append(",\"promptTokens\":").append(promptTokens);
    b.append(",\"outcome\":");
    quote(b, outcome);
    b.append("}\n");
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
  }

  public LaneRecorder(List<String> stages, List<String> models) {
    this(stages, models, List.of());
  }

  /**
   * @param parts what each (stage, model) also keeps apart (slices, turns: {@link Parts})
   */
  public LaneRecorder(List<String> stages, List<String> models, List<String> parts) {
    this.stages = List.copyOf(stages);
    this.models = List.copyOf(models);
    List<String> all = new ArrayList<>(parts.size() + 1);
    all.add("");
    all.addAll(parts);
    this.parts = List.copyOf(all);
    this.cells = stages.size() * models.size() * this.parts.size();
    this.counters = new ArrayList<>(cells);
    for (int i = 0; i < cells; i++) {
      counters.add(new HashMap<>());
    }
    this.failedClasses = new ArrayList<>(cells);
    for (int i = 0; i < cells; i++) {
      failedClasses.add(new java.util.HashSet<>(4));
    }
    this.firstDispatchUs = new long[cells];
    this.lastCompletionUs = new long[cells];
    java.util.Arrays.fill(firstDispatchUs, Long.MAX_VALUE);
    java.util.Arrays.fill(lastCompletionUs, Long.MIN_VALUE);
  }

  /**
   * Sets the run's interval grid: interval {@code k} starts at {@code originNanos + k ×
   * intervalNanos} ({@link System#nanoTime()}). Until set, everything falls in one interval.
   */
  public void intervals(long originNanos, long intervalNanos) {
    this.originNanos = originNanos;
    this.intervalNanos = intervalNanos;
  }

  public int cell(int stage, int model) {
    return (stage * models.size() + model) * parts.size();
  }

  /**
   * The cell of part {@code part} (an index into the parts given, from 0) of the (stage, model)
   * whose cell is {@code cell}.
   */
  public int partCell(int cell, int part) {
    return cell + 1 + part;
  }

  private String stageOf(int cell) {
    return stages.get(cell / parts.size() / models.size());
  }

  private String modelOf(int cell) {
    return models.get(cell / parts.size() % models.size());
  }

  private String partOf(int cell) {
    return parts.get(cell % parts.size());
  }

  /**
   * Records a latency in microseconds in the interval of {@code intendedNanos}; values beyond one
   * hour are clamped and counted.
   */
  public void record(int cell, LatencyMetric metric, long micros, long intendedNanos) {
    long index = intervalNanos == 0 ? 0 : Math.floorDiv(intendedNanos - originNanos, intervalNanos);
    Bucket b = index == lastIndex ? lastBucket : null;
    if (b == null) {
      b = open.computeIfAbsent(index, k -> new Bucket(cells * METRICS));
      lastIndex = index;
      lastBucket = b;
    }
    int i = cell * METRICS + metric.ordinal();
    Histogram h = b.histograms[i];
    if (h == null) {
      h = b.histograms[i] = borrow();
    }
    long v = Math.max(0, micros);
    if (v > Histograms.HIGHEST_US) {
      count(cell, Counter.OUT_OF_RANGE, 1);
      v = Histograms.HIGHEST_US;
    }
    h.recordValue(v);
    b.sums[i] += v;
    if (v > b.maxes[i]) {
      b.maxes[i] = v;
    }
  }

  /**
   * Keeps a cell's first failure of each error class (its detail), sent once with the next
   * interval.
   */
  public void firstError(int cell, String errorClass, String detail, long atUs) {
    if (failedClasses.get(cell).add(errorClass)) {
      String d = detail == null ? "" : detail.length() > 500 ? detail.substring(0, 500) : detail;
      firstErrors.add(
          new LaneInterval.ErrorSample(stageOf(cell), modelOf(cell), errorClass, d, atUs));
    }
  }

  /** Event loops this late (µs) stalled: the requests (or users) then are counted as touched. */
  public static final long STALL_US = 50_000;

  /**
   * The lane's event loop ran {@code micros} late, touching {@code inFlight}: its requests in
   * flight (open loop) or its users (closed loop).
   */
  public void loopDelay(long micros, int inFlight) {
    loopDelayMaxUs = Math.max(loopDelayMaxUs, micros);
    if (micros > STALL_US) {
      stallRequests += inFlight;
    }
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
   * Takes everything recorded since the last call and resets it. An intended interval that gets
   * late completions appears again in a later take. The histograms returned are valid until the
   * next call (they are recycled then).
   */
  public LaneInterval takeInterval(double loadCpu) {
    for (Histogram h : lent) {
      h.reset();
      pool.addLast(h);
    }
    lent.clear();
    List<LaneInterval.Series> series = new ArrayList<>();
    for (Map.Entry<Long, Bucket> e : open.entrySet()) {
      long intendedStartUs =
          intervalNanos == 0 ? 0 : MonoClock.toEpochUs(originNanos + e.getKey() * intervalNanos);
      Bucket b = e.getValue();
      for (int i = 0; i < b.histograms.length; i++) {
        Histogram h = b.histograms[i];
        if (h == null) {
          continue;
        }
        lent.add(h);
        int cell = i / METRICS;
        series.add(
            new LaneInterval.Series(
                stageOf(cell),
                modelOf(cell),
                partOf(cell),
                LatencyMetric.values()[i % METRICS],
                h,
                b.sums[i],
                b.maxes[i],
                intendedStartUs));
      }
    }
    open.clear();
    lastIndex = Long.MIN_VALUE;
    lastBucket = null;
    List<LaneInterval.Count> counts = new ArrayList<>();
    List<LaneInterval.Window> windows = new ArrayList<>();
    for (int cell = 0; cell < cells; cell++) {
      String stage = stageOf(cell);
      String model = modelOf(cell);
      String part = partOf(cell);
      for (Map.Entry<String, long[]> c : counters.get(cell).entrySet()) {
        if (c.getValue()[0] != 0) {
          counts.add(new LaneInterval.Count(stage, model, part, c.getKey(), c.getValue()[0]));
          c.getValue()[0] = 0;
        }
      }
      if (firstDispatchUs[cell] != Long.MAX_VALUE && lastCompletionUs[cell] != Long.MIN_VALUE) {
        windows.add(
            new LaneInterval.Window(
                stage, model, part, firstDispatchUs[cell], lastCompletionUs[cell]));
      }
    }
    long delay = loopDelayMaxUs;
    loopDelayMaxUs = 0;
    long stalled = stallRequests;
    stallRequests = 0;
    List<LaneInterval.ErrorSample> errors = List.copyOf(firstErrors);
    firstErrors.clear();
    String lines = "";
    if (requests != null && requests.length() > 0) {
      lines = requests.toString();
      requests.setLength(0);
    }
    return new LaneInterval(series, counts, windows, delay, errors, lines, loadCpu, stalled);
  }

  private Histogram borrow() {
    Histogram h = pool.pollFirst();
    return h != null ? h : Histograms.newHistogram();
  }
}
