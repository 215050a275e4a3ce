package io.broadside.common.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SharesTest {
  @Test
  void sharesSumToTheTotalForAnyWeights() {
    Random random = new Random(7);
    for (int trial = 0; trial < 5_000; trial++) {
      int parts = 1 + random.nextInt(12);
      double[] weights = new double[parts];
      for (int i = 0; i < parts; i++) {
        weights[i] = 0.01 + random.nextDouble() * 10;
      }
      int total = random.nextInt(10_000);
      int[] shares = Shares.largestRemainder(total, weights);
      assertThat(Arrays.stream(shares).sum()).isEqualTo(total);
      double sum = Arrays.stream(weights).sum();
      for (int i = 0; i < parts; i++) {
        assertThat((double) shares[i])
            .isCloseTo(total * weights[i] / sum, org.assertj.core.data.Offset.offset(1.0));
      }
    }
  }

  @Test
  void equalWeightsGiveTheRemainderToTheFirst() {
    assertThat(Shares.evenly(7, 3)).containsExactly(3, 2, 2);
    assertThat(Shares.evenly(0, 3)).containsExactly(0, 0, 0);
  }

  @Test
  void zeroWeightGetsNothingAndTheOthersShareTheTotal() {
    int[] shares = Shares.largestRemainder(1_001, new double[] {2, 0, 2});
    assertThat(shares).containsExactly(501, 0, 500);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Shares.largestRemainder(5, new double[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cappedSharesKeepEveryAgentWithinItsMaximum() {
    double[] cores = {1, 1, 2};
    // nothing binds: the weights as they are
    assertThat(Shares.capped(40, cores, new int[] {100, 100, 100})).isSameAs(cores);
    double[] w = Shares.capped(40, cores, new int[] {5, 100, 12});
    assertThat(Shares.largestRemainder(40, w)).containsExactly(5, 23, 12);
    for (int users = 0; users <= 40; users++) {
      int[] s = Shares.largestRemainder(users, w);
      assertThat(s[0]).isLessThanOrEqualTo(5);
      assertThat(s[2]).isLessThanOrEqualTo(12);
    }
    assertThat(Shares.capped(40, cores, new int[] {5, 10, 12})).isNull();
    // a lost agent (weight 0, cap 0) gets nothing
    assertThat(
            Shares.largestRemainder(10, Shares.capped(10, new double[] {0, 1}, new int[] {0, 10})))
        .containsExactly(0, 10);
  }
}
