package io.broadside.common.summary;

import io.broadside.common.histogram.Histograms;
import io.broadside.common.histogram.SparseCounts;
import io.broadside.common.metric.LatencyMetric;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * Everything merged so far for one (stage, model): a histogram, exact count, sum and max per
 * latency metric; counters; the measured window. Not thread-safe.
 */
public final class CellAggregate {
  final Map<LatencyMetric, Histogram> histograms = new EnumMap<>(LatencyMetric.class);
  final Map<LatencyMetric, long[]> countSumMax = new EnumMap<>(LatencyMetric.class);
  final Map<String, Long> counters = new TreeMap<>();
  long firstDispatchUs = Long.MAX_VALUE;
  long lastCompletionUs = Long.MIN_VALUE;

  /** Adds an interval histogram with its exact count, sum and max (microseconds). */
  public void addLatency(
      LatencyMetric metric, AbstractHistogram interval, long count, long sumUs, long maxUs) {
    Histogram total = histograms.computeIfAbsent(metric, m -> Histograms.newHistogram());
    if (interval instanceof Histogram) {
      total.add(interval);
    } else {
      Histograms.addRecorded(interval, total);
    }
    addCountSumMax(metric, count, sumUs, maxUs);
  }

  public void addCounter(String name, long delta) {
    counters.merge(name, delta, Long::sum);
  }

  public void widenWindow(long firstDispatchUs, long lastCompletionUs) {
    this.firstDispatchUs = Math.min(this.firstDispatchUs, firstDispatchUs);
    this.lastCompletionUs = Math.max(this.lastCompletionUs, lastCompletionUs);
  }

  /** Adds an interval's recorded buckets with its exact count, sum and max (microseconds). */
  public void addLatency(
      LatencyMetric metric, SparseCounts interval, long count, long sumUs, long maxUs) {
    interval.addTo(histograms.computeIfAbsent(metric, m -> Histograms.newHistogram()));
    addCountSumMax(metric, count, sumUs, maxUs);
  }

  private void addCountSumMax(LatencyMetric metric, long count, long sumUs, long maxUs) {
    long[] csm = countSumMax.computeIfAbsent(metric, m -> new long[3]);
    csm[0] += count;
    csm[1] += sumUs;
    csm[2] = Math.max(csm[2], maxUs);
  }

  /** Adds everything of {@code other} into this cell (used for the all-models row). */
  public void addAll(CellAggregate other) {
    other.histograms.forEach(
        (m, h) -> {
          long[] csm = other.countSumMax.get(m);
          addLatency(m, h, csm[0], csm[1], csm[2]);
        });
    other.counters.forEach(this::addCounter);
    if (other.firstDispatchUs != Long.MAX_VALUE) {
      widenWindow(other.firstDispatchUs, other.lastCompletionUs);
    }
  }

  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  public Map<String, Long> counters() {
    return counters;
  }

  public Histogram histogram(LatencyMetric metric) {
    return histograms.get(metric);
  }

  /** The exact count of a latency metric's values (0 when none). */
  public long count(LatencyMetric metric) {
    long[] csm = countSumMax.get(metric);
    return csm == null ? 0 : csm[0];
  }

  /** The exact sum of a latency metric's values in microseconds (0 when none). */
  public long sumUs(LatencyMetric metric) {
    long[] csm = countSumMax.get(metric);
    return csm == null ? 0 : csm[1];
  }

  /** Seconds from the first dispatch to the last completion; 0 when nothing completed. */
  public double windowSeconds() {
    if (firstDispatchUs == Long.MAX_VALUE || lastCompletionUs <= firstDispatchUs) {
      return 0;
    }
    return (lastCompletionUs - firstDispatchUs) / 1e6;
  }
}
