package io.broadside.common.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the shares of a run's totals over agents and lanes, checked on many seeded random
 * cases: weights (some zero, as for a lost agent), agent counts and lane counts.
 */
class SharesPropertyTest {
  private static final int CASES = 10_000;

  /** Random weights, at least one positive; some zero when {@code lost} allows. */
  private static double[] weights(Random random, int agents, boolean lost) {
    double[] w = new double[agents];
    for (int i = 0; i < agents; i++) {
      w[i] = lost && random.nextInt(4) == 0 ? 0 : 0.01 + random.nextDouble() * 10;
    }
    if (Arrays.stream(w).sum() == 0) {
      w[random.nextInt(agents)] = 1;
    }
    return w;
  }

  @Test
  void laneSharesAreNonNegativeAndSumToTheTotal() {
    Random random = new Random(11);
    for (int c = 0; c < CASES; c++) {
      int agents = 1 + random.nextInt(9);
      int lanes = 1 + random.nextInt(8);
      double[] w = weights(random, agents, true);
      int total = random.nextInt(c % 2 == 0 ? 50 : 100_000);
      long sum = 0;
      for (int a = 0; a < agents; a++) {
        int agentShare = Shares.agentShare(total, w, a);
        assertThat(agentShare).isNotNegative();
        if (w[a] == 0) {
          assertThat(agentShare).isZero();
        }
        long agentSum = 0;
        for (int l = 0; l < lanes; l++) {
          int share = Shares.laneShare(total, w, a, lanes, l);
          assertThat(share).isNotNegative();
          agentSum += share;
        }
        assertThat(agentSum).isEqualTo(agentShare);
        sum += agentSum;
      }
      assertThat(sum).as("case %d", c).isEqualTo(total);
    }
  }

  @Test
  void equalWeightsGiveSharesDifferingByAtMostOne() {
    Random random = new Random(13);
    for (int c = 0; c < CASES; c++) {
      int agents = 1 + random.nextInt(9);
      int lanes = 1 + random.nextInt(8);
      double[] w = new double[agents];
      Arrays.fill(w, 0.5 + random.nextInt(5));
      int total = random.nextInt(c % 2 == 0 ? 50 : 100_000);
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      int agentMin = Integer.MAX_VALUE;
      int agentMax = Integer.MIN_VALUE;
      for (int a = 0; a < agents; a++) {
        int agentShare = Shares.agentShare(total, w, a);
        agentMin = Math.min(agentMin, agentShare);
        agentMax = Math.max(agentMax, agentShare);
        for (int l = 0; l < lanes; l++) {
          int share = Shares.laneShare(total, w, a, lanes, l);
          min = Math.min(min, share);
          max = Math.max(max, share);
        }
      }
      assertThat(agentMax - agentMin).as("case %d", c).isLessThanOrEqualTo(1);
      assertThat(max - min).as("case %d", c).isLessThanOrEqualTo(1);
      int[] even = Shares.evenly(total, lanes);
      assertThat(Arrays.stream(even).max().getAsInt() - Arrays.stream(even).min().getAsInt())
          .isLessThanOrEqualTo(1);
    }
  }

  @Test
  void laneSlicesFollowEachOtherAndCoverEveryItemOnce() {
    Random random = new Random(17);
    for (int c = 0; c < CASES; c++) {
      int agents = 1 + random.nextInt(9);
      int lanes = 1 + random.nextInt(8);
      double[] w = weights(random, agents, true);
      int total = random.nextInt(c % 2 == 0 ? 50 : 5_000);
      int next = 0;
      for (int a = 0; a < agents; a++) {
        for (int l = 0; l < lanes; l++) {
          Shares.Slice slice = Shares.laneSlice(total, w, a, lanes, l);
          assertThat(slice.first()).as("case %d", c).isEqualTo(next);
          assertThat(slice.count()).isEqualTo(Shares.laneShare(total, w, a, lanes, l));
          assertThat(slice.indexes()).hasSize(slice.count());
          next += slice.count();
        }
      }
      assertThat(next).as("case %d", c).isEqualTo(total);
    }
  }

  @Test
  void countSharesAreNonNegativeSumToTheCountAndGoOnlyToLanesWithUsers() {
    Random random = new Random(19);
    for (int c = 0; c < CASES; c++) {
      int agents = 1 + random.nextInt(9);
      int lanes = 1 + random.nextInt(8);
      double[] w = weights(random, agents, true);
      int users = 1 + random.nextInt(c % 2 == 0 ? 20 : 2_000);
      int requests = random.nextInt(c % 2 == 0 ? 100 : 1_000_000);
      long sum = 0;
      for (int a = 0; a < agents; a++) {
        for (int l = 0; l < lanes; l++) {
          int share = Shares.countShare(users, requests, w, a, lanes, l);
          assertThat(share).isNotNegative();
          if (Shares.laneShare(users, w, a, lanes, l) == 0) {
            assertThat(share).as("case %d", c).isZero();
          }
          sum += share;
        }
      }
      assertThat(sum).as("case %d", c).isEqualTo(requests);
    }
  }

  @Test
  void countsBecomeWeights() {
    assertThat(Shares.toDoubles(new int[] {0, 3, 7})).containsExactly(0.0, 3.0, 7.0);
  }
}
