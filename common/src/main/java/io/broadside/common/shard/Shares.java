package io.broadside.common.shard;

/** Splitting an integer total by weights. Pure. */
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
    java.util.Arrays.fill(w, 1.0);
    return largestRemainder(total, w);
  }
}
