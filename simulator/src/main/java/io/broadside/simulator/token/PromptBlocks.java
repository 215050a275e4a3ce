package io.broadside.simulator.token;

import java.util.Arrays;

/**
 * Hashes a prompt's words, block by block, for the prefix cache: block {@code k}'s hash covers
 * every word up to its end, so two prompts share a block only when they agree on all words before
 * it. Words are as {@link WordTokenizer} counts them; a trailing part block is not hashed (only
 * whole blocks are cached, as in vLLM). Not thread-safe; one per request.
 */
public final class PromptBlocks {
  private final int blockTokens;
  private long hash;
  private int inBlock;
  private long[] blocks = new long[8];
  private int count;

  public PromptBlocks(int blockTokens) {
    this.blockTokens = blockTokens;
  }

  /** Adds the words of {@code text}. */
  public void add(CharSequence text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i == n) {
        return;
      }
      long word = 1125899906842597L;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        word = 31 * word + text.charAt(i++);
      }
      hash = mix(hash * 0x9E3779B97F4A7C15L + word);
      if (++inBlock == blockTokens) {
        inBlock = 0;
        if (count == blocks.length) {
          blocks = Arrays.copyOf(blocks, count * 2);
        }
        blocks[count++] = hash;
      }
    }
  }

  /** The hashes of the whole blocks so far, in order. */
  public long[] hashes() {
    return Arrays.copyOf(blocks, count);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
