package io.broadside.common.shard;

import java.util.Arrays;

/**
 * Splitting an integer total by weights, and the shares of a run's totals that fall to an agent (by
 * its weight among the agents) and to one of its lanes (evenly among them). Pure.
 */
public final class Shares {
  private Shares() {}

  /**
   * Largest-remainder split: the shares sum to {@code total} exactly, each within 1 of its exact
   * weighted quota; ties go to the lower index, so every caller computes the same split. A weight
   * of 0 (a lost agent) gets nothing; at least one weight must be positive.
   */
  public static int[] largestRemainder(int total, double[] weights) {
    int n = weights.length;
    int[] shares = new int[n];
    if (n == 0 || total <= 0) {
      return shares;
    }
    double sum = checkedSum(weights);
    double[] remainders = new double[n];
    int given = 0;
    for (int i = 0; i < n; i++) {
      double quota = total * weights[i] / sum;
      shares[i] = (int) Math.floor(quota);
      remainders[i] = quota - shares[i];
      given += shares[i];
    }
    for (int left = total - given; left > 0; left--) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        if (weights[i] > 0 && (best < 0 || remainders[i] > remainders[best] + 1e-12)) {
          best = i;
        }
      }
      shares[best]++;
      remainders[best] = -1;
    }
    return shares;
  }

  /**
   * Weights that share up to {@code peak} users with no part over its cap: {@code weights} when
   * their split of {@code peak} already keeps every cap (the usual case: nothing changes), else the
   * split itself, water-filled: parts at their cap keep it and the rest is split again by {@code
   * weights} among the others. A smaller total splits within the same caps (each share of it is at
   * most its share of the peak). Null when the caps together hold fewer than {@code peak} users.
   */
  public static double[] capped(int peak, double[] weights, int[] caps) {
    int n = weights.length;
    long room = 0;
    for (int c : caps) {
      room += Math.max(0, c);
    }
    if (room < peak) {
      return null;
    }
    int[] shares = largestRemainder(peak, weights);
    boolean fits = true;
    for (int i = 0; i < n; i++) {
      fits &= shares[i] <= caps[i];
    }
    if (fits) {
      return weights;
    }
    boolean[] full = new boolean[n];
    int[] alloc = new int[n];
    int left = peak;
    while (left > 0) {
      double[] open = new double[n];
      boolean any = false;
      for (int i = 0; i < n; i++) {
        open[i] = full[i] ? 0 : weights[i] > 0 ? weights[i] : 0;
        any |= open[i] > 0;
      }
      if (!any) {
        // only agents of weight 0 have room left: they share what is left evenly
        for (int i = 0; i < n; i++) {
          open[i] = full[i] ? 0 : 1;
        }
      }
      int[] more = largestRemainder(left, open);
      left = 0;
      for (int i = 0; i < n; i++) {
        alloc[i] += more[i];
        if (alloc[i] >= caps[i]) {
          left += alloc[i] - caps[i];
          alloc[i] = caps[i];
          full[i] = true;
        }
      }
    }
    return toDoubles(alloc);
  }

  /** The sum of weights none of which is negative and at least one positive. */
  static double checkedSum(double[] weights) {
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0)) {
        throw new IllegalArgumentException("weights must not be negative");
      }
      sum += w;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("at least one weight must be positive");
    }
    return sum;
  }

  /** Equal weights. */
  public static int[] evenly(int total, int parts) {
    double[] w = new double[parts];
    Arrays.fill(w, 1.0);
    return largestRemainder(total, w);
  }

  /** Agent {@code agent}'s share of {@code total}, by the agents' weights. */
  public static int agentShare(int total, double[] agentWeights, int agent) {
    return largestRemainder(total, agentWeights)[agent];
  }

  /**
   * Lane {@code lane}'s share of {@code total}: agent {@code agent}'s share by the agents' weights,
   * split evenly among its {@code lanes} lanes (users for a level, a concurrency cap).
   */
  public static int laneShare(int total, double[] agentWeights, int agent, int lanes, int lane) {
    return evenly(agentShare(total, agentWeights, agent), lanes)[lane];
  }

  /**
   * A lane's slice of {@code total} items (a scale study's models) dealt as {@link #laneShare}: the
   * agents' shares follow each other in agent order, and each agent's lanes' shares in lane order.
   */
  public static Slice laneSlice(int total, double[] agentWeights, int agent, int lanes, int lane) {
    int[] agentShares = largestRemainder(total, agentWeights);
    int agentFirst = 0;
    for (int i = 0; i < agent; i++) {
      agentFirst += agentShares[i];
    }
    int[] laneShares = evenly(agentShares[agent], lanes);
    int first = agentFirst;
    for (int i = 0; i < lane; i++) {
      first += laneShares[i];
    }
    return new Slice(first, laneShares[lane]);
  }

  /**
   * A lane's share of a closed-loop count of {@code requests} for {@code users} users: the count
   * dealt to agents in proportion to their users, then to lanes in proportion to theirs, so every
   * request goes to a lane with users and the shares add up to the count exactly.
   */
  public static int countShare(
      int users, int requests, double[] agentWeights, int agent, int lanes, int lane) {
    int[] agentUsers = largestRemainder(users, agentWeights);
    int mine = agentUsers[agent];
    if (mine == 0) {
      return 0;
    }
    int agentBudget = largestRemainder(requests, toDoubles(agentUsers))[agent];
    int[] laneUsers = evenly(mine, lanes);
    return laneUsers[lane] == 0 ? 0 : largestRemainder(agentBudget, toDoubles(laneUsers))[lane];
  }

  /** Counts as weights. */
  public static double[] toDoubles(int[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return d;
  }

  /** Items {@code first} to {@code first + count - 1} of a sequence. */
  public record Slice(int first, int count) {
    /** The items' indexes, in order. */
    public int[] indexes() {
      int[] all = new int[count];
      for (int i = 0; i < count; i++) {
        all[i] = first + i;
      }
      return all;
    }
  }
}
