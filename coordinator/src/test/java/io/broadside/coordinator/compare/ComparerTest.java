package io.broadside.coordinator.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComparerTest {
  @Test
  void aPercentileIsTakenOverEnoughSamplesToExpectTenBeyondIt() {
    assertThat(Comparer.samplesPerValue("mean")).isEqualTo(20);
    assertThat(Comparer.samplesPerValue("p50")).isEqualTo(20);
    assertThat(Comparer.samplesPerValue("p90")).isEqualTo(100);
    assertThat(Comparer.samplesPerValue("p99")).isEqualTo(1000);
    assertThat(Comparer.samplesPerValue("p999")).isEqualTo(10000);
    assertThat(Comparer.samplesPerValue("max")).isEqualTo(10000);
  }

  @Test
  void theSmallestPOfTheExactTestDecidesWhetherAChangeCanBeJudged() {
    org.assertj.core.api.Assertions.assertThat(Comparer.smallestP(5, 5))
        .isCloseTo(1 / 252.0, org.assertj.core.data.Offset.offset(1e-12));
    org.assertj.core.api.Assertions.assertThat(Comparer.smallestP(4, 4)).isEqualTo(1 / 70.0);
    org.assertj.core.api.Assertions.assertThat(Comparer.smallestP(0, 9)).isEqualTo(1);
  }
}
