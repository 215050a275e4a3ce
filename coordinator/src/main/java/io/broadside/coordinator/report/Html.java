package io.broadside.coordinator.report;

import java.util.Locale;

/** Escaping and number formats of the report. Everything from a plan or a result is escaped. */
final class Html {
  private Html() {}

  /** Text or a quoted attribute value. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * JSON placed inside a {@code <script type="application/json">}: no {@code <}, {@code >} or
   * {@code &} can end the element or open a comment, and the line separators JavaScript rejects are
   * escaped.
   */
  static String scriptJson(String json) {
    return json.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029");
  }

  /** Seconds as milliseconds, three significant digits; a dash when absent. */
  static String ms(Double seconds) {
    if (seconds == null || seconds.isNaN()) {
      return "–";
    }
    double ms = seconds * 1000;
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.2f", ms);
    }
    if (ms < 100) {
      return String.format(Locale.ROOT, "%.1f", ms);
    }
    return String.format(Locale.ROOT, "%.0f", ms);
  }

  /** A rate or count with two decimals under 100, one under 10 000, none above. */
  static String num(Double v) {
    if (v == null || v.isNaN()) {
      return "–";
    }
    double a = Math.abs(v);
    String f = a < 100 ? "%.2f" : a < 10_000 ? "%.1f" : "%.0f";
    return String.format(Locale.ROOT, f, v);
  }

  /** Seconds to three significant digits (a scale study's times); a dash when absent. */
  static String sec(Double seconds) {
    return seconds == null || seconds.isNaN() ? "–" : String.format(Locale.ROOT, "%.3g", seconds);
  }

  /** A relative change as a signed percentage (+0.25 is +25%). */
  static String pct(Double change) {
    return change == null || change.isNaN()
        ? "–"
        : String.format(Locale.ROOT, "%+.1f%%", change * 100);
  }

  /** A table cell with the exact value in {@code data-v} and its formatted text. */
  static String cell(Double v, String text) {
    return v == null
        ? "<td class=\"n\">–</td>"
        : "<td class=\"n\" data-v=\"" + esc(v) + "\">" + esc(text) + "</td>";
  }
}
