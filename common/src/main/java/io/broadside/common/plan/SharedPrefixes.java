package io.broadside.common.plan;

import java.util.List;

/**
 * Synthetic prompts in groups that share a prefix: each prompt is its group's prefix of {@code
 * tokens} words followed by a suffix of its own (the dataset's input length), its group drawn by
 * {@code weights}. What a prefix cache (a system prompt, a few-shot preamble, a shared document)
 * meets in production.
 *
 * @param groups how many prefixes, at least 1
 * @param tokens each prefix's length in words (a word is one token for the simulator)
 * @param weights one per group, positive: how often its prompts are drawn
 */
public record SharedPrefixes(int groups, int tokens, List<Double> weights) {
  public SharedPrefixes {
    weights = List.copyOf(weights);
    if (weights.size() != groups) {
      throw new IllegalArgumentException("one weight per group");
    }
  }

  /** Group {@code 0 … groups-1} for a uniform draw {@code u} in [0, 1). */
  public int group(double u) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double at = u * total;
    for (int g = 0; g < groups; g++) {
      at -= weights.get(g);
      if (at < 0) {
        return g;
      }
    }
    return groups - 1;
  }
}
