package io.broadside.simulator.token;

/** Counts tokens as whitespace-separated words, so that text the simulator wrote counts back. */
public final class WordTokenizer {
  private WordTokenizer() {}

  /** The number of maximal runs of non-whitespace characters in {@code text}. */
  public static int count(CharSequence text) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }
}
