package io.broadside.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;

/** What the commands that talk to a coordinator share: their errors, and how they show numbers. */
final class Remote {
  private Remote() {}

  interface Call {
    int run() throws IOException;
  }

  /**
   * Runs {@code call}; a coordinator that cannot be reached (or refuses) is one line and exit 3.
   */
  static int call(Call call) {
    try {
      return call.run();
    } catch (IllegalArgumentException e) {
      System.out.println(e.getMessage());
      return ExitCode.INVALID_INPUT;
    } catch (IOException e) {
      System.out.println(e.getMessage());
      return ExitCode.RUN_FAILED;
    }
  }

  /** A number of a JSON answer, scaled and formatted; "-" for none. */
  static String number(JsonNode n, String format, double scale) {
    return n.isNumber() ? String.format(Locale.ROOT, format, n.asDouble() * scale) : "-";
  }

  /** At most {@code width} characters of {@code text}, cut with an ellipsis. */
  static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }
}
