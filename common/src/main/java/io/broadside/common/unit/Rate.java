package io.broadside.common.unit;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An arrival rate. Written {@code 20/s}, {@code 600/m} or {@code 36000/h} (a positive decimal
 * number, a slash, a unit of {@code s m h}; {@code 0.5/s} too); held per second.
 *
 * @param perSecond events per second, positive
 */
public record Rate(double perSecond) {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)/(s|m|h)");

  /**
   * Parses a rate in the form above.
   *
   * @throws IllegalArgumentException if {@code text} is not in that form or is zero; the message
   *     reads {@code must be a positive rate such as 20/s, was '<text>'}
   */
  public static Rate parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher matcher = FORM.matcher(text);
    BigDecimal count = matcher.matches() ? new BigDecimal(matcher.group(1)) : BigDecimal.ZERO;
    if (count.signum() == 0) {
      throw new IllegalArgumentException(
          "must be a positive rate such as 20/s, was '" + text + "'");
    }
    double perSecond =
        switch (matcher.group(2)) {
          case "s" -> count.doubleValue();
          case "m" -> count.doubleValue() / 60;
          default -> count.doubleValue() / 3600;
        };
    return new Rate(perSecond);
  }

  /** The gap between events at this rate, in nanoseconds. */
  public long intervalNanos() {
    return Math.round(1e9 / perSecond);
  }

  /**
   * Formats this rate so that {@link #parse} reads it back: per second when that needs at most
   * three decimals ({@code 20/s}, {@code 0.5/s}), else per minute or per hour when that is a whole
   * number ({@code 1/m}, {@code 150/h}), else per second in full.
   */
  public String format() {
    BigDecimal exact = BigDecimal.valueOf(perSecond).stripTrailingZeros();
    if (exact.scale() <= 3) {
      return exact.toPlainString() + "/s";
    }
    for (int seconds : new int[] {60, 3600}) {
      double count = perSecond * seconds;
      double whole = Math.rint(count);
      if (whole >= 1 && Math.abs(count - whole) <= 1e-9 * whole) {
        return BigDecimal.valueOf(whole).stripTrailingZeros().toPlainString()
            + (seconds == 60 ? "/m" : "/h");
      }
    }
    return exact.toPlainString() + "/s";
  }
}
