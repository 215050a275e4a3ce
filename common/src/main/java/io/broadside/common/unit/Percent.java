package io.broadside.common.unit;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Percentages as plans write them: a non-negative decimal number followed by {@code %}, such as
 * {@code 5%} or {@code 0.5%}; held as a fraction ({@code 0.05}, {@code 0.005}). Values above 100%
 * parse (a regression limit may exceed it); callers that need a bound check it.
 */
public final class Percent {
  private static final Pattern FORM = Pattern.compile("\\d+(?:\\.\\d+)?%");

  private Percent() {}

  /**
   * Parses a percentage to the nearest double to the exact fraction, so {@code parse("5%") ==
   * 0.05}.
   *
   * @throws IllegalArgumentException if {@code text} is not in the form above; the message reads
   *     {@code must be a percentage such as 1%, was '<text>'}
   */
  public static double parse(String text) {
    Objects.requireNonNull(text, "text");
    if (!FORM.matcher(text).matches()) {
      throw new IllegalArgumentException("must be a percentage such as 1%, was '" + text + "'");
    }
    return new BigDecimal(text.substring(0, text.length() - 1)).movePointLeft(2).doubleValue();
  }

  /** Formats a fraction as a percentage with no trailing zeros: {@code 0.05} → {@code 5%}. */
  public static String format(double fraction) {
    if (!Double.isFinite(fraction) || fraction < 0) {
      throw new IllegalArgumentException("must be a finite fraction >= 0, was " + fraction);
    }
    return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString()
        + "%";
  }
}
