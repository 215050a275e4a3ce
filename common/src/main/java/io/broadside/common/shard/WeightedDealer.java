package io.broadside.common.shard;

/**
 * Deals a sequence of items (arrivals) to takers in proportion to their weights: item n goes to the
 * taker furthest behind its quota, ties to the lower index. Deterministic, so every agent computes
 * the same owner for every item of one global sequence, and after any n items each taker holds its
 * quota to within one item. Not thread-safe.
 */
public final class WeightedDealer {
  private final double[] shares;
  private final long[] dealt;
  private long count;

  public WeightedDealer(double[] weights) {
    double sum = Shares.checkedSum(weights);
    shares = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      shares[i] = weights[i] / sum;
    }
    dealt = new long[weights.length];
  }

  /** The taker of the next item. */
  public int next() {
    count++;
    int best = 0;
    double bestLag = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < shares.length; k++) {
      double lag = shares[k] * count - dealt[k];
      if (lag > bestLag + 1e-9) {
        bestLag = lag;
        best = k;
      }
    }
    dealt[best]++;
    return best;
  }
}
