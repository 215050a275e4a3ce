package io.broadside.common.summary;

import org.HdrHistogram.Histogram;

/**
 * Statistics of one latency series, in seconds. Percentiles are {@code getValueAtPercentile(p)} of
 * the merged histogram / 10⁶; the mean is the exact sum / count; null when there is no sample.
 */
public record LatencyStats(
    long count,
    Double mean,
    Double p50,
    Double p90,
    Double p95,
    Double p99,
    Double p999,
    Double max) {

  static final LatencyStats EMPTY = new LatencyStats(0, null, null, null, null, null, null, null);

  static LatencyStats of(Histogram h, long count, long sumUs, long maxUs) {
    if (h == null || h.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencyStats(
        count,
        sumUs / 1e6 / count,
        seconds(h.getValueAtPercentile(50)),
        seconds(h.getValueAtPercentile(90)),
        seconds(h.getValueAtPercentile(95)),
        seconds(h.getValueAtPercentile(99)),
        seconds(h.getValueAtPercentile(99.9)),
        seconds(maxUs));
  }

  private static double seconds(long micros) {
    return micros / 1e6;
  }

  /** The statistic a threshold names ({@code mean p50 p90 p95 p99 p999 max}), or null. */
  public Double stat(String name) {
    return switch (name) {
      case "mean" -> mean;
      case "p50" -> p50;
      case "p90" -> p90;
      case "p95" -> p95;
      case "p99" -> p99;
      case "p999" -> p999;
      case "max" -> max;
      default -> throw new IllegalArgumentException("no statistic " + name);
    };
  }
}
