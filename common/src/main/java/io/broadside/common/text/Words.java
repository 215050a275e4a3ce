package io.broadside.common.text;

/**
 * Words as the simulator counts tokens: maximal runs of non-whitespace. The simulator counts what
 * it reads and writes this way, and datasets measure prompt lengths the same way, so the two agree.
 */
public final class Words {
  private Words() {}

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
