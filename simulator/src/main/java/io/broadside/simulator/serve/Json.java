package io.broadside.simulator.serve;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** JSON text built by hand, for answers written once per token. Pure functions. */
public final class Json {
  private Json() {}

  /** A JSON string literal, quotes included; {@code null} gives {@code null}. */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
  }

  /** {@code {"error": message}}. */
  public static String error(String message) {
    return "{\"error\":" + quote(message) + "}";
  }
}
