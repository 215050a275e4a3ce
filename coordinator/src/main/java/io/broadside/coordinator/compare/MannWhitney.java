package io.broadside.coordinator.compare;

/**
 * The Mann-Whitney U (Wilcoxon rank-sum) test: whether values of one sample tend to be larger than
 * those of the other. Ties get mid-ranks. The p-value is exact (the permutation distribution of the
 * rank sum, ties included) when {@code n + m <= 60}, else the normal approximation with tie
 * correction and continuity correction. Pure.
 */
public final class MannWhitney {
  private static final int EXACT_UP_TO = 60;

  private MannWhitney() {}

  /**
   * The probability, if both samples came from one distribution, of a rank sum at least as far from
   * its expectation as the one observed; 1 when either sample is empty.
   */
  public static double pValue(double[] a, double[] b) {
    return test(a, b, false);
  }

  /**
   * The one-sided p-value for "values of {@code b} tend to be larger than those of {@code a}": the
   * probability, if both came from one distribution, of a rank sum of {@code b} at least as large
   * as the one observed; 1 when either sample is empty.
   */
  public static double pGreater(double[] a, double[] b) {
    return test(b, a, true);
  }

  /** Two-sided, or one-sided for "{@code a} tends to be larger", with {@code a}'s rank sum. */
  private static double test(double[] a, double[] b, boolean oneSided) {
    int n = a.length;
    int m = b.length;
    if (n == 0 || m == 0) {
      return 1;
    }
    int total = n + m;
    double[] all = new double[total];
    System.arraycopy(a, 0, all, 0, n);
    System.arraycopy(b, 0, all, n, m);
    // doubled mid-ranks are whole numbers
    int[] rank2 = doubledMidRanks(all);
    long observed = 0;
    for (int i = 0; i < n; i++) {
      observed += rank2[i];
    }
    // the rank sum and its expectation in doubled units: E[2W] = n(N+1)
    long center = (long) n * (total + 1);
    if (total <= EXACT_UP_TO) {
      return exact(rank2, n, observed, center, oneSided);
    }
    return normal(all, n, m, observed, oneSided);
  }

  private static double exact(int[] rank2, int n, long observed, long center, boolean oneSided) {
    long distance = Math.abs(observed - center);
    int total = rank2.length;
    int maxSum = 0;
    for (int r : rank2) {
      maxSum += r;
    }
    // counts[k][s]: subsets of size k with doubled rank sum s
    double[][] counts = new double[n + 1][maxSum + 1];
    counts[0][0] = 1;
    for (int i = 0; i < total; i++) {
      int r = rank2[i];
      for (int k = Math.min(i + 1, n); k >= 1; k--) {
        double[] into = counts[k];
        double[] from = counts[k - 1];
        for (int s = maxSum; s >= r; s--) {
          into[s] += from[s - r];
        }
      }
    }
    double extreme = 0;
    double all = 0;
    for (int s = 0; s <= maxSum; s++) {
      double c = counts[n][s];
      all += c;
      if (oneSided ? s >= observed : Math.abs(s - center) >= distance) {
        extreme += c;
      }
    }
    return Math.min(1, extreme / all);
  }

  private static double normal(double[] all, int n, int m, long observed, boolean oneSided) {
    int total = n + m;
    double w = observed / 2.0;
    double mean = n * (total + 1) / 2.0;
    double ties = 0;
    double[] sorted = all.clone();
    java.util.Arrays.sort(sorted);
    for (int i = 0; i < total; ) {
      int j = i;
      while (j < total && sorted[j] == sorted[i]) {
        j++;
      }
      double t = j - i;
      ties += t * t * t - t;
      i = j;
    }
    double variance = n * m / 12.0 * ((total + 1) - ties / ((double) total * (total - 1)));
    if (variance <= 0) {
      return 1;
    }
    double sd = Math.sqrt(variance);
    if (oneSided) {
      double z = (w - mean - 0.5) / sd;
      return z >= 0 ? upperTail(z) : 1 - upperTail(-z);
    }
    double z = Math.max(0, Math.abs(w - mean) - 0.5) / sd;
    return Math.min(1, 2 * upperTail(z));
  }

  private static int[] doubledMidRanks(double[] values) {
    int total = values.length;
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
    int[] rank2 = new int[total];
    for (int i = 0; i < total; ) {
      int j = i;
      while (j < total && values[order[j]] == values[order[i]]) {
        j++;
      }
      // ranks i+1 .. j share (i+1+j)/2; doubled: i+1+j
      for (int k = i; k < j; k++) {
        rank2[order[k]] = i + 1 + j;
      }
      i = j;
    }
    return rank2;
  }

  /** P(Z > z) for a standard normal Z (Abramowitz and Stegun 26.2.17, error below 7.5e-8). */
  static double upperTail(double z) {
    double t = 1 / (1 + 0.2316419 * z);
    double poly =
        t
            * (0.319381530
                + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    return Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * poly;
  }
}
