package io.broadside.coordinator.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** p-values checked against the exact distribution (as R's wilcox.test and SciPy compute them). */
class MannWhitneyTest {
  @Test
  void completeSeparationOfFiveAgainstFiveIsTheRarestSplit() {
    double[] low = {1, 2, 3, 4, 5};
    double[] high = {6, 7, 8, 9, 10};

    assertThat(MannWhitney.pValue(low, high)).isCloseTo(2 / 252.0, within(1e-12));
    assertThat(MannWhitney.pGreater(low, high)).isCloseTo(1 / 252.0, within(1e-12));
    assertThat(MannWhitney.pGreater(high, low)).isCloseTo(1, within(1e-12));
  }

  @Test
  void interleavedSamplesAreNotSignificant() {
    double[] a = {1, 3, 5, 7};
    double[] b = {2, 4, 6, 8};

    // W(b) = 20 of 10..26; P(W >= 20) = 24/70
    assertThat(MannWhitney.pGreater(a, b)).isCloseTo(24 / 70.0, within(1e-12));
    assertThat(MannWhitney.pValue(a, b)).isGreaterThan(0.5);
  }

  @Test
  void tiesShareTheirMidRankAndIdenticalSamplesGiveOne() {
    double[] a = {1, 1, 2};
    double[] b = {1, 2, 2};

    assertThat(MannWhitney.pValue(a, a.clone())).isEqualTo(1);
    assertThat(MannWhitney.pGreater(a, b)).isBetween(0.2, 0.5);
    assertThat(MannWhitney.pValue(new double[0], b)).isEqualTo(1);
  }

  @Test
  void largeSamplesUseTheNormalApproximation() {
    double[] a = new double[40];
    double[] b = new double[40];
    for (int i = 0; i < 40; i++) {
      a[i] = i;
      b[i] = i + 20;
    }

    // U = 1400 of 1600 (20 ties of two), z = (1400 - 800 - 0.5) / 103.9 = 5.77
    assertThat(MannWhitney.pGreater(a, b)).isCloseTo(3.978e-9, within(1e-10));
    assertThat(MannWhitney.pValue(a, b)).isCloseTo(2 * MannWhitney.pGreater(a, b), within(1e-9));
  }
}
