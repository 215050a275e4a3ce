package io.broadside.common.summary;

import org.HdrHistogram.Histogram;

/**
 * Statistics of one latency series, in seconds. Percentiles are {@code getValueAtPercentile(p)} of
 * the merged histogram / 10⁶, at most the exact max (HdrHistogram answers a bucket's highest
 * equivalent value, which can lie above the highest value recorded in it); the mean is the exact
 * sum / count; null when there is no sample.
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
        seconds(at(h, 50, maxUs)),
        seconds(at(h, 90, maxUs)),
        seconds(at(h, 95, maxUs)),
        seconds(at(h, 99, maxUs)),
        seconds(at(h, 99.9, maxUs)),
        seconds(maxUs));
  }

  /** The value at {@code percentile}, never above the exact max (when one is known). */
  static long at(Histogram h, double percentile, long maxUs) {
    long v = h.getValueAtPercentile(percentile);
    return maxUs > 0 ? Math.min(v, maxUs) : v;
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
