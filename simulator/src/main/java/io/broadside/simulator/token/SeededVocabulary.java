package io.broadside.simulator.token;

import java.util.List;

/**
 * Output text: token {@code i} is a space and one word picked by a hash of the seed and {@code i},
 * so every token is one word for {@link WordTokenizer} and the text is the same for a seed.
 * Immutable and thread-safe.
 */
public final class SeededVocabulary {
  private static final List<String> WORDS =
      List.of(
          "the", "of", "and", "to", "in", "model", "token", "batch", "a", "is", "GPU", "that",
          "for", "it", "as", "with", "was", "on", "load", "test", "be", "at", "by", "this", "from",
          "or", "have", "an", "they", "which", "one", "you", "were", "her", "all", "she", "there",
          "would", "their", "we", "him", "been", "has", "when", "who", "will", "more", "no", "if",
          "out", "so", "said", "what", "up", "its", "about", "into", "than", "them", "can", "only",
          "other", "new", "some");

  private final long seed;

  public SeededVocabulary(long seed) {
    this.seed = seed;
  }

  /** The text of output token {@code index}: a leading space and one word. */
  public String token(int index) {
    return " " + WORDS.get((int) Long.remainderUnsigned(mix(seed + index), WORDS.size()));
  }

  /** Tokens {@code 0 … count-1} joined: the whole output of a sequence of {@code count} tokens. */
  public String text(int count) {
    StringBuilder text = new StringBuilder(count * 6);
    for (int i = 0; i < count; i++) {
      text.append(token(i));
    }
    return text.toString();
  }

  /** SplitMix64's finalizer: a well-spread 64-bit hash. */
  public static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
