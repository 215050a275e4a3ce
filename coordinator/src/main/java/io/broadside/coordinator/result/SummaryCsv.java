package io.broadside.coordinator.result;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.metric.LatencyMetric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * summary.json as CSV: one table per stage, a row per model and the all-models row ({@code *}),
 * with the summary's columns (requests, throughput, goodput, every latency's count, mean and
 * percentiles in seconds, cost, tokens, window, and errors as {@code class=n} pairs). Pure.
 */
public final class SummaryCsv {
  static final List<String> STATS =
      List.of("count", "mean", "p50", "p90", "p95", "p99", "p999", "max");

  private SummaryCsv() {}

  /** The CSV text of each stage, by stage name, in the summary's order. */
  public static Map<String, String> byStage(JsonNode summary) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode stage : summary.path("stages")) {
      StringBuilder csv = new StringBuilder(String.join(",", header())).append("\r\n");
      List<JsonNode> rows = new ArrayList<>();
      stage.path("models").forEach(rows::add);
      rows.add(stage.path("all"));
      for (JsonNode row : rows) {
        csv.append(String.join(",", row(row))).append("\r\n");
      }
      out.put(stage.path("name").asText(), csv.toString());
    }
    return out;
  }

  static List<String> header() {
    List<String> h =
        new ArrayList<>(
            List.of(
                "model",
                "ok",
                "failed",
                "dropped",
                "requestsPerS",
                "outputTokensPerS",
                "totalTokensPerS",
                "goodputPerS"));
    for (LatencyMetric m : LatencyMetric.values()) {
      for (String stat : STATS) {
        h.add(m.key() + "." + stat);
      }
    }
    h.addAll(
        List.of(
            "usdPerMillionTokens",
            "minutesPerMillionTokens",
            "tokenSource",
            "outputTokens",
            "promptTokens",
            "windowS",
            "errors"));
    return h;
  }

  private static List<String> row(JsonNode row) {
    List<String> cells = new ArrayList<>();
    cells.add(text(row.path("model")));
    cells.add(number(row.path("requests").path("ok")));
    cells.add(number(row.path("requests").path("failed")));
    cells.add(number(row.path("requests").path("dropped")));
    cells.add(number(row.path("throughput").path("requestsPerS")));
    cells.add(number(row.path("throughput").path("outputTokensPerS")));
    cells.add(number(row.path("throughput").path("totalTokensPerS")));
    cells.add(number(row.path("goodputPerS")));
    for (LatencyMetric m : LatencyMetric.values()) {
      for (String stat : STATS) {
        cells.add(number(row.path("latency").path(m.key()).path(stat)));
      }
    }
    cells.add(number(row.path("cost").path("usdPerMillionTokens")));
    cells.add(number(row.path("cost").path("minutesPerMillionTokens")));
    cells.add(text(row.path("tokenSource")));
    cells.add(number(row.path("outputTokens")));
    cells.add(number(row.path("promptTokens")));
    cells.add(number(row.path("windowS")));
    List<String> errors = new ArrayList<>();
    row.path("errors").fields().forEachRemaining(e -> errors.add(e.getKey() + "=" + e.getValue()));
    cells.add(quote(String.join(";", errors)));
    return cells;
  }

  /** A number as JSON wrote it; empty when missing or null. */
  private static String number(JsonNode v) {
    return v.isNumber() ? v.asText() : "";
  }

  private static String text(JsonNode v) {
    return v.isMissingNode() || v.isNull() ? "" : quote(v.asText());
  }

  /**
   * RFC 4180: a field with a comma, quote or line break in quotes, quotes doubled; and a field that
   * a spreadsheet would take for a formula ({@code = + - @}, tab, carriage return first) behind an
   * apostrophe, so opening the file runs nothing.
   */
  static String quote(String text) {
    String s = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
