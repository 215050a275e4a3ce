package io.broadside.common.plan;

import java.util.Random;

/**
 * A distribution of token lengths (a word is one token for the simulator) for synthetic prompts and
 * their output budgets. Every draw is at least 1.
 */
public sealed interface TokenLengths {
  /** One length, drawn from {@code random}. */
  int draw(Random random);

  /**
   * A normal spread around {@code mean}, rounded, at least 1. With {@code stddev} 0 every length is
   * {@code mean} and {@code random} is not touched.
   */
  record Normal(int mean, int stddev) implements TokenLengths {
    @Override
    public int draw(Random random) {
      if (stddev == 0) {
        return mean;
      }
      return (int) Math.max(1, Math.round(mean + random.nextGaussian() * stddev));
    }
  }

  /** Uniform between {@code min} and {@code max}, both included. */
  record Uniform(int min, int max) implements TokenLengths {
    public Uniform {
      if (min < 1 || max < min) {
        throw new IllegalArgumentException("need 1 <= min <= max, was " + min + ", " + max);
      }
    }

    @Override
    public int draw(Random random) {
      return min + random.nextInt(max - min + 1);
    }
  }
}
