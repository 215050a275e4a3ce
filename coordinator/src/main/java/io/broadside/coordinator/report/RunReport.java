package io.broadside.coordinator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.broadside.coordinator.store.RunFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The HTML report of a run directory: one file that holds its styles, its data and the chart
 * library, so it opens anywhere with no network. Reads only the directory (plan.yaml, run.json,
 * summary.json, histograms.hlog, counters.tsv); what is missing is left out. Blocking: call it on a
 * worker thread.
 *
 * <pre>{@code
 * String html = RunReport.render(Path.of("runs/20261202-101500-ab12"));
 * RunReport.write(runDir, runDir.resolve(RunFiles.REPORT));
 * }</pre>
 */
public final class RunReport {
  private static final String CHART_JS_POM =
      "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SCRIPT_END = Pattern.compile("(?i)</script");

  private RunReport() {}

  /** Writes the report of {@code runDir} to {@code out}. Blocking. */
  public static void write(Path runDir, Path out) throws IOException {
    Files.writeString(out, render(runDir, null), StandardCharsets.UTF_8);
  }

  /** The report of {@code runDir}. Blocking. */
  public static String render(Path runDir) throws IOException {
    return render(runDir, null);
  }

  /**
   * The report of {@code runDir}, with {@code liveSummary} standing in for summary.json while the
   * run has not written it (null: read it, or leave the results out). A directory not made yet (a
   * run still pending) reads as empty.
   */
  public static String render(Path runDir, JsonNode liveSummary) throws IOException {
    String plan = readText(runDir.resolve(RunFiles.PLAN));
    JsonNode run = readJson(runDir.resolve(RunFiles.RUN));
    JsonNode summary = readJson(runDir.resolve(RunFiles.SUMMARY));
    if (summary.isMissingNode() && liveSummary != null) {
      summary = liveSummary;
    }
    HlogSeries hlog = HlogSeries.read(runDir.resolve(RunFiles.HLOG));
    CounterTimeline counters =
        CounterTimeline.read(runDir.resolve(RunFiles.COUNTERS), hlog.startEpochS);
    ReportSections sections = new ReportSections(plan, run, summary, hlog, counters);
    return page(sections.title(), sections.body(), sections.charts());
  }

  private static String page(String title, String body, List<Chart> charts) throws IOException {
    Assets assets = Assets.get();
    StringBuilder b = new StringBuilder(512 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(assets.policy)
        .append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(Html.esc(title))
        .append("</title>\n<script>")
        .append(assets.errorsJs)
        .append("</script>\n<style>")
        .append(assets.css)
        .append("</style>\n</head>\n<body>\n")
        .append(body)
        .append("<script type=\"application/json\" id=\"charts\">")
        .append(Html.scriptJson(JSON.writeValueAsString(charts.stream().map(c -> c.spec).toList())))
        .append("</script>\n<script>")
        .append(assets.chartJs)
        .append("</script>\n<script>")
        .append(assets.reportJs)
        .append("</script>\n</body>\n</html>\n");
    return b.toString();
  }

  /**
   * The report's Content-Security-Policy: its own inline scripts and styles run (each allowed by
   * its hash), nothing else: no other script, no connection, no form, no base. The page carries it
   * in a {@code <meta>} (so a report opened from a file is held to it too); {@code asHeader} adds
   * what only a header may say (no framing).
   */
  public static String contentSecurityPolicy(boolean asHeader) throws IOException {
    String policy = Assets.get().policy;
    return asHeader ? policy + "; frame-ancestors 'none'" : policy;
  }

  /** The report's scripts and styles as embedded, read once, and the policy that admits them. */
  private static final class Assets {
    private static Assets loaded;

    final String errorsJs;
    final String css;
    final String chartJs;
    final String reportJs;
    final String policy;

    private Assets() throws IOException {
      errorsJs = resource("/report/errors.js");
      css = "\n" + resource("/report/report.css");
      chartJs = "\n" + SCRIPT_END.matcher(resource(chartJs())).replaceAll("<\\\\/script") + "\n";
      reportJs = "\n" + resource("/report/report.js");
      policy =
          "default-src 'none'; script-src "
              + hash(errorsJs)
              + " "
              + hash(chartJs)
              + " "
              + hash(reportJs)
              + "; style-src "
              + hash(css)
              + "; img-src data:; base-uri 'none'; form-action 'none'";
    }

    static synchronized Assets get() throws IOException {
      if (loaded == null) {
        loaded = new Assets();
      }
      return loaded;
    }

    private static String hash(String inline) {
      try {
        byte[] digest =
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(inline.getBytes(StandardCharsets.UTF_8));
        return "'sha256-" + java.util.Base64.getEncoder().encodeToString(digest) + "'";
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-256", e);
      }
    }
  }

  /** The classpath resource of Chart.js's bundle (its WebJar), for the console. */
  public static String chartJsResource() throws IOException {
    return chartJs();
  }

  /** The WebJar's bundle, at the version on the classpath. */
  static String chartJs() throws IOException {
    java.util.Properties pom = new java.util.Properties();
    try (InputStream in = RunReport.class.getResourceAsStream(CHART_JS_POM)) {
      if (in == null) {
        throw new IOException("the chart.js WebJar is not on the classpath");
      }
      pom.load(in);
    }
    return "/META-INF/resources/webjars/chart.js/"
        + pom.getProperty("version")
        + "/dist/chart.umd.js";
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = RunReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String readText(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
  }

  /** The file's JSON; missing while it does not exist or is being written. */
  private static JsonNode readJson(Path file) throws IOException {
    if (!Files.exists(file)) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (JsonProcessingException partial) {
      return MissingNode.getInstance();
    }
  }
}
