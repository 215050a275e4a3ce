package io.broadside.common.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightedDealerTest {
  @Test
  void everyTakerHoldsItsQuotaWithinTwoItemsAtEveryStep() {
    Random random = new Random(11);
    for (int trial = 0; trial < 300; trial++) {
      int takers = 1 + random.nextInt(9);
      double[] weights = new double[takers];
      double sum = 0;
      for (int k = 0; k < takers; k++) {
        weights[k] = 0.1 + random.nextDouble() * 8;
        sum += weights[k];
      }
      WeightedDealer dealer = new WeightedDealer(weights);
      long[] dealt = new long[takers];
      for (int n = 1; n <= 2_000; n++) {
        dealt[dealer.next()]++;
        for (int k = 0; k < takers; k++) {
          assertThat(Math.abs(dealt[k] - n * weights[k] / sum)).isLessThan(2.0);
        }
      }
    }
  }

  @Test
  void equalWeightsDealRoundRobin() {
    WeightedDealer dealer = new WeightedDealer(new double[] {2, 2, 2});
    int[] owners = new int[7];
    for (int i = 0; i < owners.length; i++) {
      owners[i] = dealer.next();
    }
    assertThat(owners).containsExactly(0, 1, 2, 0, 1, 2, 0);
  }

  @Test
  void twoDealersWithTheSameWeightsAgree() {
    WeightedDealer a = new WeightedDealer(new double[] {1, 3, 2.5});
    WeightedDealer b = new WeightedDealer(new double[] {1, 3, 2.5});
    for (int i = 0; i < 10_000; i++) {
      assertThat(a.next()).isEqualTo(b.next());
    }
  }
}
