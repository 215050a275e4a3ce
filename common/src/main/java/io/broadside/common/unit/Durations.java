package io.broadside.common.unit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as plans write them: a non-negative decimal number and a unit with no space between,
 * the unit one of {@code ns us ms s m h}. Examples: {@code 250ms}, {@code 30s}, {@code 4m}, {@code
 * 1h}, {@code 1.5s}, {@code 500us}, {@code 0s}. A bare number (even {@code 0}), a sign, a space, an
 * exponent or a compound such as {@code 1m30s} is rejected, as is a value that is not a whole
 * number of nanoseconds or does not fit in a {@code long} of nanoseconds (about 292 years).
 *
 * <pre>{@code
 * Duration d = Durations.parse("1.5s");   // PT1.5S
 * Durations.format(d);                    // "1500ms"
 * }</pre>
 */
public final class Durations {
  /** An example for messages, as in {@code must be a duration such as 30s, was '30'}. */
  public static final String EXAMPLE = "30s";

  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)");
  private static final Pattern NUMBER_AND_WORD = Pattern.compile("\\d+(?:\\.\\d+)?\\s*\\p{L}+");

  /** Units from the largest, so that {@link #format} finds the largest whole one first. */
  private enum Unit {
    H("h", 3_600_000_000_000L),
    M("m", 60_000_000_000L),
    S("s", 1_000_000_000L),
    MS("ms", 1_000_000L),
    US("us", 1_000L),
    NS("ns", 1L);

    final String suffix;
    final long nanos;

    Unit(String suffix, long nanos) {
      this.suffix = suffix;
      this.nanos = nanos;
    }

    static Unit of(String suffix) {
      for (Unit unit : values()) {
        if (unit.suffix.equals(suffix)) {
          return unit;
        }
      }
      throw new IllegalStateException(suffix);
    }
  }

  private Durations() {}

  /**
   * Parses a duration in the form described on this class.
   *
   * @throws IllegalArgumentException if {@code text} is not in that form; the message reads {@code
   *     must be a duration such as 30s, was '<text>'} or names the more exact fault
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher matcher = FORM.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(describeFault(text));
    }
    BigDecimal nanos =
        new BigDecimal(matcher.group(1))
            .multiply(BigDecimal.valueOf(Unit.of(matcher.group(2)).nanos));
    if (nanos.signum() != 0 && nanos.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          "must be a whole number of nanoseconds, was '" + text + "'");
    }
    try {
      return Duration.ofNanos(nanos.longValueExact());
    } catch (ArithmeticException tooLarge) {
      throw new IllegalArgumentException(
          "must be a duration of at most 292 years, was '" + text + "'");
    }
  }

  /**
   * Formats a duration in the largest unit in which it is a whole number, which is also the
   * shortest whole-number form: {@code 250ms}, {@code 30s}, {@code 4m}, {@code 90s}, {@code
   * 1500ms}; zero is {@code 0s}. {@code parse(format(d)).equals(d)} for every non-negative {@code
   * d} of at most 292 years.
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public static String format(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("must not be negative, was " + duration);
    }
    if (duration.isZero()) {
      return "0s";
    }
    BigInteger nanos =
        BigInteger.valueOf(duration.getSeconds())
            .multiply(BigInteger.valueOf(1_000_000_000L))
            .add(BigInteger.valueOf(duration.getNano()));
    for (Unit unit : Unit.values()) {
      BigInteger[] quotientAndRemainder = nanos.divideAndRemainder(BigInteger.valueOf(unit.nanos));
      if (quotientAndRemainder[1].signum() == 0) {
        return quotientAndRemainder[0] + unit.suffix;
      }
    }
    throw new IllegalStateException("unreachable: every duration is a whole number of ns");
  }

  private static String describeFault(String text) {
    String was = ", was '" + text + "'";
    if (text.startsWith("-")) {
      return "must not be negative: a duration such as " + EXAMPLE + was;
    }
    if (NUMBER_AND_WORD.matcher(text).matches()) {
      return "must be a duration with a unit of ns, us, ms, s, m or h, such as " + EXAMPLE + was;
    }
    return "must be a duration such as " + EXAMPLE + was;
  }
}
