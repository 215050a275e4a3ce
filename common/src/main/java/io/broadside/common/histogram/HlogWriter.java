package io.broadside.common.histogram;

import io.broadside.common.metric.LatencyMetric;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Lines of an HdrHistogram log (format 1.3), readable by HdrHistogram's own {@code
 * HistogramLogReader} and {@code HistogramLogProcessor}: one tagged line per series and interval
 * per agent, holding the agent's compressed histogram bytes as sent (no re-encoding), timestamps in
 * seconds since the run's start, max in seconds (values are microseconds).
 */
public final class HlogWriter {
  private HlogWriter() {}

  public static String header(long startEpochMs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HistogramLogWriter w =
        new HistogramLogWriter(new PrintStream(out, true, StandardCharsets.UTF_8));
    w.outputComment("Broadside: latencies in microseconds; tags are metric/stage/model");
    w.outputLogFormatVersion();
    w.outputStartTime(startEpochMs);
    w.setBaseTime(startEpochMs);
    w.outputBaseTime(startEpochMs);
    w.outputLegend();
    return out.toString(StandardCharsets.UTF_8);
  }

  public static String tag(LatencyMetric metric, String stage, String model) {
    return clean(metric.key()) + "/" + clean(stage) + "/" + clean(model);
  }

  /**
   * The tag of a part of a (stage, model) ({@code slice=gold}, {@code turn=2}): {@code
   * ttft#slice=gold/stage/model}. A reader of the run's own series skips it: its first field is no
   * metric's key.
   */
  public static String partTag(LatencyMetric metric, String part, String stage, String model) {
    return clean(metric.key()) + "#" + clean(part) + "/" + clean(stage) + "/" + clean(model);
  }

  /** Whether {@code tag} is a part's ({@link #partTag}): its first field holds a {@code #}. */
  public static boolean isPartTag(String tag) {
    int hash = tag.indexOf('#');
    return hash >= 0 && hash < tag.indexOf('/');
  }

  public static String line(
      String tag, double startS, double lengthS, long maxUs, byte[] compressed) {
    StringBuilder b = new StringBuilder(64 + compressed.length * 4 / 3);
    appendLine(b, tag, seconds(startS), seconds(lengthS), maxUs, compressed);
    return b.toString();
  }

  /**
   * Appends a line as {@link #line} writes it, with the start and length already formatted by
   * {@link #seconds} (the lines of one snapshot share them).
   */
  public static void appendLine(
      StringBuilder b, String tag, String startS, String lengthS, long maxUs, byte[] compressed) {
    b.append("Tag=").append(tag).append(',').append(startS).append(',').append(lengthS).append(',');
    // maxUs / 1e6 to 6 decimals, which is exact in integers
    if (maxUs < 0) {
      b.append('-');
      maxUs = -maxUs;
    }
    String fraction = Long.toString(maxUs % 1_000_000);
    b.append(maxUs / 1_000_000).append('.');
    for (int i = fraction.length(); i < 6; i++) {
      b.append('0');
    }
    b.append(fraction).append(',').append(Base64.getEncoder().encodeToString(compressed));
    b.append(System.lineSeparator());
  }

  /** Seconds as a line holds them: three decimals. */
  public static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s);
  }

  /** Commas and white space would break a line's fields: they become underscores. */
  private static String clean(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',' || Character.isWhitespace(c)) {
        return s.replaceAll("[,\\s]", "_");
      }
    }
    return s;
  }
}
