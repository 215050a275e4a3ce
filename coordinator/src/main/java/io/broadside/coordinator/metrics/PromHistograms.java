package io.broadside.coordinator.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * An HdrHistogram (microseconds) as one Prometheus histogram data point in seconds, carrying both
 * classic buckets (given upper bounds plus {@code +Inf}) and native buckets of schema 3. Each
 * HdrHistogram bucket is placed by its highest equivalent value, the value its percentiles report.
 */
public final class PromHistograms {
  /** Native schema: bucket boundaries grow by 2^(1/8), about 9% (k6 uses the same). */
  public static final int SCHEMA = 3;

  private static final int PER_OCTAVE = 1 << SCHEMA;

  /**
   * Fraction bounds of one octave, as client_golang's table for the schema: 2^(j/8) / 2, computed
   * exactly as {@link #nativeUpperBound} scales them, so a bucket's own bound maps back to it.
   */
  private static final double[] FRACTION_BOUNDS = new double[PER_OCTAVE];

  static {
    for (int j = 0; j < PER_OCTAVE; j++) {
      FRACTION_BOUNDS[j] = Math.pow(2, (double) j / PER_OCTAVE) / 2;
    }
  }

  private PromHistograms() {}

  /**
   * The native bucket index of a positive value: bucket {@code i} covers {@code (2^((i-1)/8),
   * 2^(i/8)]}. Computed from the binary exponent and fraction (frexp), as client_golang does, so a
   * value exactly on a boundary lands in the bucket it closes.
   */
  public static int nativeIndex(double value) {
    int exp = Math.getExponent(value) + 1; // value = fraction × 2^exp, fraction in [0.5, 1)
    double fraction = value / Math.scalb(1.0, exp);
    int j = 0;
    while (j < PER_OCTAVE && FRACTION_BOUNDS[j] < fraction) {
      j++;
    }
    return j + (exp - 1) * PER_OCTAVE;
  }

  /** The upper bound of native bucket {@code index}. */
  public static double nativeUpperBound(int index) {
    int octave = Math.floorDiv(index, PER_OCTAVE);
    int j = Math.floorMod(index, PER_OCTAVE);
    return Math.scalb(Math.pow(2, (double) j / PER_OCTAVE), octave);
  }

  /**
   * One data point: classic buckets with {@code bounds} (seconds, ascending, without {@code +Inf}),
   * native buckets, and the exact sum.
   */
  public static HistogramDataPointSnapshot dataPoint(
      Labels labels, AbstractHistogram histogramUs, double sumSeconds, double[] bounds) {
    long[] classic = new long[bounds.length + 1];
    Map<Integer, Long> nativeCounts = new TreeMap<>();
    long zero = 0;
    for (HistogramIterationValue v : histogramUs.recordedValues()) {
      long count = v.getCountAtValueIteratedTo();
      long us = v.getValueIteratedTo();
      double seconds = us / 1e6;
      int b = Arrays.binarySearch(bounds, seconds);
      classic[b >= 0 ? b : -b - 1] += count;
      if (us == 0) {
        zero += count;
      } else {
        nativeCounts.merge(nativeIndex(seconds), count, Long::sum);
      }
    }
    double[] upper = Arrays.copyOf(bounds, bounds.length + 1);
    upper[bounds.length] = Double.POSITIVE_INFINITY;
    NativeHistogramBuckets.Builder positive = NativeHistogramBuckets.builder();
    nativeCounts.forEach(positive::bucket);
    return HistogramDataPointSnapshot.builder()
        .labels(labels)
        .sum(sumSeconds)
        .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, classic))
        .nativeSchema(SCHEMA)
        .nativeZeroThreshold(0)
        .nativeZeroCount(zero)
        .nativeBucketsForPositiveValues(positive.build())
        .build();
  }
}
