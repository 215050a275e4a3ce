package io.broadside.common.plan;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for misspelt keys: the closest candidate by edit distance (a swap of neighbours
 * counts once), ignoring case, {@code _} and {@code -}, if it is close enough to be a likely typo.
 */
final class Suggestions {
  private Suggestions() {}

  /**
   * The hint after an unknown word: {@code "; did you mean 'CLOSEST'?"} when a candidate is close,
   * else {@code otherwise}.
   */
  static String didYouMean(String word, Collection<String> candidates, String otherwise) {
    return closest(word, candidates).map(s -> "; did you mean '" + s + "'?").orElse(otherwise);
  }

  static Optional<String> closest(String word, Collection<String> candidates) {
    String wanted = normalize(word);
    int allowed = Math.max(1, Math.min(2, wanted.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(wanted, normalize(candidate));
      if (distance <= allowed && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  private static String normalize(String word) {
    return word.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  /** Optimal string alignment distance. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
