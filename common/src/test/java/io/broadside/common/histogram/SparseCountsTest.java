package io.broadside.common.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Sparse counts against HdrHistogram itself, on many seeded random histograms: decoding the
 * compressed bytes gives the library's buckets, adding them gives the library's histogram, sums and
 * differences are bucket-exact, and every percentile is the library's.
 */
class SparseCountsTest {
  private static final int CASES = 200;
  private static final double[] PERCENTILES = {
    0, 0.001, 1, 10, 25, 33.333, 50, 66.6, 75, 90, 95, 99, 99.5, 99.9, 99.99, 99.999, 100
  };

  /** Values of a random shape: narrow or wide, small or near the top of the range, some zero. */
  private static Histogram random(Random random) {
    Histogram h = Histograms.newHistogram();
    int n = random.nextInt(5) == 0 ? random.nextInt(3) : 1 + random.nextInt(20_000);
    double median = Math.pow(10, random.nextInt(9));
    double spread = random.nextDouble() * 3;
    for (int i = 0; i < n; i++) {
      long v =
          random.nextInt(50) == 0
              ? random.nextInt(3)
              : (long)
                  Math.min(
                      Histograms.HIGHEST_US, median * Math.exp(spread * random.nextGaussian()));
      h.recordValueWithCount(v, 1 + (random.nextInt(10) == 0 ? random.nextInt(1_000_000) : 0));
    }
    return h;
  }

  @Test
  void decodingGivesTheLibrarysBucketsAndPercentiles() {
    Random random = new Random(5);
    for (int c = 0; c < CASES; c++) {
      Histogram h = random(random);
      SparseCounts decoded = SparseCounts.decodeStandard(Histograms.encode(h));
      assertThat(decoded).as("decoded without the library").isNotNull();
      SparseCounts viaLibrary = SparseCounts.of(Histograms.decodePacked(Histograms.encode(h)));
      assertThat(decoded.size()).isEqualTo(viaLibrary.size());
      for (int i = 0; i < decoded.size(); i++) {
        assertThat(decoded.valueAt(i)).isEqualTo(viaLibrary.valueAt(i));
        assertThat(decoded.countAt(i)).isEqualTo(viaLibrary.countAt(i));
      }
      assertThat(decoded.totalCount()).isEqualTo(h.getTotalCount());
      Histogram rebuilt = Histograms.newHistogram();
      decoded.addTo(rebuilt);
      assertThat(rebuilt).isEqualTo(h);
      for (double p : PERCENTILES) {
        assertThat(decoded.valueAtPercentile(p)).as("p%s", p).isEqualTo(h.getValueAtPercentile(p));
      }
      for (int k = 0; k < 20; k++) {
        double p = random.nextDouble() * 100;
        assertThat(decoded.valueAtPercentile(p)).as("p%s", p).isEqualTo(h.getValueAtPercentile(p));
      }
    }
  }

  @Test
  void aSlidingSumIsTheLibrarysSumOfItsTicks() {
    Random random = new Random(9);
    List<Histogram> ticks = new ArrayList<>();
    List<SparseCounts> sparse = new ArrayList<>();
    SparseCounts window = SparseCounts.empty();
    for (int t = 0; t < 60; t++) {
      // a tick is the sum of several agents' intervals, in any order
      SparseCounts.Accumulator tick = new SparseCounts.Accumulator();
      Histogram tickHistogram = Histograms.newHistogram();
      for (int agent = 0; agent < 1 + random.nextInt(8); agent++) {
        Histogram interval = random(random);
        tick.add(SparseCounts.decode(Histograms.encode(interval)));
        tickHistogram.add(interval);
      }
      SparseCounts tickSparse = tick.take();
      assertThat(tick.isEmpty()).isTrue();
      ticks.add(tickHistogram);
      sparse.add(tickSparse);
      SparseCounts leaving = ticks.size() > 5 ? sparse.get(ticks.size() - 6) : SparseCounts.empty();
      window = window.plusMinus(tickSparse, leaving);

      Histogram expected = Histograms.newHistogram();
      ticks.subList(Math.max(0, ticks.size() - 5), ticks.size()).forEach(expected::add);
      Histogram actual = Histograms.newHistogram();
      window.addTo(actual);
      assertThat(actual).isEqualTo(expected);
      assertThat(window.totalCount()).isEqualTo(expected.getTotalCount());
      for (double p : PERCENTILES) {
        assertThat(window.valueAtPercentile(p)).isEqualTo(expected.getValueAtPercentile(p));
      }
    }
  }

  @Test
  void subtractingWhatIsNotThereIsRefused() {
    Histogram h = Histograms.newHistogram();
    h.recordValue(100);
    SparseCounts one = SparseCounts.of(h);
    h.recordValue(5_000);
    SparseCounts two = SparseCounts.of(h);
    assertThatThrownBy(() -> one.plusMinus(SparseCounts.empty(), two))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anotherShapeIsReRecordedIntoTheStandardOne() {
    Histogram other = new Histogram(1, 10_000_000, 2);
    other.recordValue(12_345);
    other.recordValue(7);
    // finer than the standard shape: neighbouring buckets that share one standard bucket
    Histogram finer = new Histogram(1, 10_000_000, 4);
    finer.recordValueWithCount(1_000_000, 3);
    finer.recordValueWithCount(1_000_100, 4);
    SparseCounts merged = SparseCounts.decode(Histograms.encode(finer));
    assertThat(merged.size()).isEqualTo(1);
    assertThat(merged.countAt(0)).isEqualTo(7);
    assertThat(merged.plusMinus(SparseCounts.empty(), merged).totalCount()).isZero();
    assertThat(SparseCounts.decodeStandard(Histograms.encode(other))).isNull();
    SparseCounts decoded = SparseCounts.decode(Histograms.encode(other));
    Histogram expected = Histograms.newHistogram();
    Histograms.addRecorded(other, expected);
    Histogram actual = Histograms.newHistogram();
    decoded.addTo(actual);
    assertThat(actual).isEqualTo(expected);
  }
}
