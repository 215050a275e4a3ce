package io.broadside.simulator.token;

/** Counts tokens as whitespace-separated words, so that text the simulator wrote counts back. */
public final class WordTokenizer {
  private WordTokenizer() {}

  /** The number of maximal runs of non-whitespace characters in {@code text}. */
  public static int count(CharSequence text) {
    return io.broadside.common.text.Words.count(text);
  }
}
