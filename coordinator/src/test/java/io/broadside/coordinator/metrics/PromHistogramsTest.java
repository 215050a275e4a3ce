package io.broadside.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.broadside.common.histogram.Histograms;
import io.broadside.common.histogram.SparseCounts;
import io.broadside.coordinator.merge.SlidingWindow;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBucket;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.NativeHistogramBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** HdrHistogram → Prometheus buckets: exact placement, both bucket kinds, windows that slide. */
class PromHistogramsTest {
  @Test
  void aValueOnANativeBoundaryLandsInTheBucketItCloses() {
    for (int i = -200; i <= 200; i++) {
      double bound = PromHistograms.nativeUpperBound(i);
      assertThat(PromHistograms.nativeIndex(bound)).as("bound of %d", i).isEqualTo(i);
      assertThat(PromHistograms.nativeIndex(Math.nextUp(bound))).isEqualTo(i + 1);
      assertThat(PromHistograms.nativeIndex(Math.nextDown(bound))).isEqualTo(i);
    }
    assertThat(PromHistograms.nativeIndex(1.0)).isZero();
    assertThat(PromHistograms.nativeIndex(2.0)).isEqualTo(8);
    assertThat(PromHistograms.nativeIndex(0.5)).isEqualTo(-8);
    // schema 3: each bucket is 2^(1/8) ≈ 9% wider than the one below
    assertThat(PromHistograms.nativeUpperBound(1)).isCloseTo(1.0905, within(1e-4));
  }

  @Test
  void classicAndNativeBucketsBothHoldEveryValue() {
    Histogram h = Histograms.newHistogram();
    h.recordValueWithCount(250_000, 5); // 0.25 s
    h.recordValueWithCount(700_000, 7); // 0.7 s
    h.recordValueWithCount(3_000_000, 11); // 3 s
    h.recordValueWithCount(0, 2); // 0 s: the zero bucket
    double[] bounds = {0.3, 0.5, 0.8, 1, 5};
    HistogramDataPointSnapshot p = PromHistograms.dataPoint(Labels.EMPTY, h, 42.5, bounds);

    List<Long> classic = new ArrayList<>();
    for (ClassicHistogramBucket b : p.getClassicBuckets()) {
      classic.add(b.getCount());
    }
    assertThat(classic).containsExactly(7L, 0L, 7L, 0L, 11L, 0L); // per bucket, +Inf last
    assertThat(p.getClassicBuckets().getUpperBound(5)).isInfinite();
    assertThat(p.getSum()).isEqualTo(42.5);
    assertThat(p.getCount()).isEqualTo(25);

    assertThat(p.getNativeSchema()).isEqualTo(3);
    assertThat(p.getNativeZeroCount()).isEqualTo(2);
    // each HdrHistogram bucket is placed by its highest equivalent value (what percentiles report)
    double a = h.highestEquivalentValue(250_000) / 1e6;
    double b7 = h.highestEquivalentValue(700_000) / 1e6;
    double c = h.highestEquivalentValue(3_000_000) / 1e6;
    long nativeTotal = p.getNativeZeroCount();
    for (NativeHistogramBucket b : p.getNativeBucketsForPositiveValues()) {
      double upper = PromHistograms.nativeUpperBound(b.getBucketIndex());
      double lower = PromHistograms.nativeUpperBound(b.getBucketIndex() - 1);
      long expected =
          (lower < a && a <= upper ? 5 : 0)
              + (lower < b7 && b7 <= upper ? 7 : 0)
              + (lower < c && c <= upper ? 11 : 0);
      assertThat(b.getCount()).as("bucket %d", b.getBucketIndex()).isEqualTo(expected);
      nativeTotal += b.getCount();
    }
    assertThat(nativeTotal).isEqualTo(25);
  }

  @Test
  void aWindowHoldsExactlyItsLastTicks() {
    SlidingWindow w = new SlidingWindow(3);
    Random random = new Random(7);
    List<Histogram> ticks = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      Histogram tick = Histograms.newHistogram();
      for (int i = 0; i < 200; i++) {
        tick.recordValue(1_000 + random.nextInt(1_000_000) * (t + 1L));
      }
      // an interval may arrive in pieces (several agents)
      Histogram half = tick.copy();
      w.record(SparseCounts.of(half));
      ticks.add(tick);
      w.advance();
      Histogram expected = Histograms.newHistogram();
      for (int k = Math.max(0, t - 2); k <= t; k++) {
        expected.add(ticks.get(k));
      }
      assertThat(w.count()).isEqualTo(expected.getTotalCount());
      for (double q : new double[] {0.5, 0.99, 0.999}) {
        assertThat(w.quantileSeconds(q)).isEqualTo(expected.getValueAtPercentile(q * 100) / 1e6);
      }
    }
    for (int t = 0; t < 3; t++) {
      w.advance();
    }
    assertThat(w.idle()).isTrue();
    assertThat(w.quantileSeconds(0.99)).isNaN();
  }
}
