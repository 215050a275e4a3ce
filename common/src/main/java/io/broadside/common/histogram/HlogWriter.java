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

  public static String line(
      String tag, double startS, double lengthS, long maxUs, byte[] compressed) {
    return String.format(
        Locale.ROOT,
        "Tag=%s,%.3f,%.3f,%.6f,%s%n",
        tag,
        startS,
        lengthS,
        maxUs / 1e6,
        Base64.getEncoder().encodeToString(compressed));
  }

  private static String clean(String s) {
    return s.replaceAll("[,\\s]", "_");
  }
}
