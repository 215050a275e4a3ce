package io.broadside.coordinator.report;

import static io.broadside.coordinator.report.Html.cell;
import static io.broadside.coordinator.report.Html.esc;
import static io.broadside.coordinator.report.Html.ms;
import static io.broadside.coordinator.report.Html.num;
import static io.broadside.coordinator.report.Html.pct;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.summary.Summary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The report's sections in order, as HTML with every value from the plan or the results escaped,
 * and the charts they place (each a {@code <canvas>} whose data {@link ReportCharts} builds).
 */
final class ReportSections {
  private static final String[] LATENCIES = {"e2e", "ttft", "tpot", "itl"};
  private static final String[] PERCENTILES = {"p50", "p90", "p99"};

  private final String plan;
  private final JsonNode run;
  private final JsonNode summary;
  private final ReportCharts charts;
  private final StringBuilder b = new StringBuilder(64 * 1024);

  ReportSections(
      String plan, JsonNode run, JsonNode summary, HlogSeries hlog, CounterTimeline counters) {
    this.plan = plan;
    this.run = run;
    this.summary = summary;
    this.charts = new ReportCharts(summary, hlog, counters);
  }

  String title() {
    String name = run.path("name").asText(summary.path("run").asText("run"));
    return "Broadside report: " + name;
  }

  List<Chart> charts() {
    return charts.all();
  }

  String body() {
    header();
    warnings();
    results();
    parts("slices", "Slices", "slice");
    parts("turns", "Session turns", "turn");
    workloads();
    failures();
    latencyCharts();
    StudySections studies = new StudySections(b, summary, charts);
    studies.sweep();
    studies.saturation();
    studies.search();
    studies.rounds();
    studies.scale();
    timeline();
    generator();
    planText();
    return b.toString();
  }

  private void header() {
    b.append("<header><h1>").append(esc(title())).append("</h1>\n<dl class=\"facts\">");
    fact("run", run.path("id").asText(summary.path("run").asText(null)));
    fact("status", run.path("status").asText(summary.path("status").asText(null)));
    fact("error", text(run.path("error")));
    fact("created", text(run.path("createdAt")));
    fact("started", text(run.path("startedAt")));
    fact("ended", text(run.path("endedAt")));
    if (run.has("plannedDurationS")) {
      fact("planned duration", num(run.path("plannedDurationS").asDouble()) + " s");
    }
    fact(
        "start skew",
        run.has("startSkewMs") ? num(run.path("startSkewMs").asDouble()) + " ms" : null);
    fact("versions", run.has("versions") ? run.path("versions").toString() : null);
    b.append("</dl>\n");
    JsonNode tags = run.path("tags");
    if (tags.size() > 0) {
      b.append("<p class=\"tags\" id=\"tags\">");
      for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> t = it.next();
        b.append("<span class=\"tag\">")
            .append(esc(t.getKey()))
            .append(": ")
            .append(esc(t.getValue().asText()))
            .append("</span> ");
      }
      b.append("</p>\n");
    }
    if (run.path("agents").size() > 0) {
      b.append("<table id=\"agents\"><thead><tr><th>agent</th><th>host</th><th>cores</th>")
          .append("<th>ok</th><th>failed</th><th>started</th></tr></thead><tbody>");
      for (JsonNode a : run.path("agents")) {
        b.append("<tr><td>")
            .append(esc(a.path("id").asText()))
            .append("</td><td>")
            .append(esc(a.path("host").asText()))
            .append("</td>")
            .append(cell(a.path("cores").asDouble(), a.path("cores").asText()))
            .append(
                cell(
                    a.path("requests").path("ok").asDouble(),
                    a.path("requests").path("ok").asText()))
            .append(
                cell(
                    a.path("requests").path("failed").asDouble(),
                    a.path("requests").path("failed").asText()))
            .append("<td>")
            .append(esc(text(a.path("startedAt"))))
            .append("</td></tr>");
      }
      b.append("</tbody></table>\n");
    }
    b.append("</header>\n");
  }

  private void fact(String name, String value) {
    fact(b, name, value);
  }

  /** A {@code <dt>}/{@code <dd>} pair, left out when there is no value. */
  static void fact(StringBuilder b, String name, String value) {
    if (value != null && !value.isEmpty()) {
      b.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }
  }

  private void warnings() {
    List<String> warnings = new ArrayList<>();
    JsonNode generator = summary.path("generator");
    if (generator.path("saturated").asBoolean(false)) {
      warnings.add(
          "The load generator was saturated: part of the latency measured is the generator's own. "
              + generator.path("reason").asText(""));
    } else if (Summary.Generator.STALLS.equals(generator.path("verdict").asText())) {
      warnings.add("The load generator stalled briefly: " + generator.path("reason").asText());
    }
    if (run.path("degraded").asBoolean(false)) {
      warnings.add("Agents were lost during the run: " + run.path("lostAgents"));
    }
    for (JsonNode a : run.path("agents")) {
      for (JsonNode g : a.path("gaps")) {
        warnings.add(
            "No snapshot of agent "
                + a.path("id").asText()
                + " arrived from "
                + g.path("fromS").asText()
                + " s to "
                + g.path("toS").asText()
                + " s into the run (its link was down or it was frozen); what it measured then"
                + " arrived later or is in its own log.");
      }
    }
    if (run.path("graceTimeouts").asLong(0) > 0) {
      warnings.add(
          run.path("graceTimeouts").asLong()
              + " agent(s) did not flush their last snapshots in time; their last interval may be"
              + " missing.");
    }
    long ok = 0;
    long failed = 0;
    long outOfRange = 0;
    long backoffs = 0;
    long interrupted = 0;
    for (JsonNode stage : summary.path("stages")) {
      JsonNode all = stage.path("all");
      interrupted += all.path("requests").path("interrupted").asLong();
      ok += all.path("requests").path("ok").asLong();
      failed += all.path("requests").path("failed").asLong();
      outOfRange += all.path("outOfRange").asLong();
      backoffs += all.path("backoffs").asLong();
    }
    if (ok == 0 && failed > 0) {
      JsonNode first = summary.path("failures").path(0);
      warnings.add(
          "Every request failed ("
              + failed
              + ")"
              + (first.isMissingNode()
                  ? "."
                  : ": " + first.path("errorClass").asText() + ": " + text(first.path("detail"))));
    }
    if (outOfRange > 0) {
      warnings.add(
          outOfRange
              + " latency value(s) over one hour were recorded as one hour: the percentiles they"
              + " reach are lower bounds.");
    }
    if (interrupted > 0) {
      warnings.add(
          interrupted
              + " request(s) still in flight at the graceful stop were cut and counted as"
              + " interrupted, not failed.");
    }
    if (backoffs > 0) {
      warnings.add(
          backoffs
              + " time(s) a closed-loop user waited (10 ms doubling to 1 s) after a request that"
              + " failed at once; every such failure is counted.");
    }
    if (summary.isMissingNode()) {
      warnings.add("No summary.json: the run has not finished writing its results.");
    }
    if (warnings.isEmpty()) {
      return;
    }
    b.append("<section id=\"warnings\" class=\"warnings\"><h2>Warnings</h2><ul>");
    for (String w : warnings) {
      b.append("<li>").append(esc(w)).append("</li>");
    }
    b.append("</ul></section>\n");
  }

  private void results() {
    if (summary.path("stages").size() == 0) {
      return;
    }
    b.append("<section id=\"results\"><h2>Results per stage and model</h2>\n")
        .append("<p class=\"note\">Latencies in milliseconds from the intended send time;")
        .append(" throughput over each stage's measured window.</p>\n")
        .append("<div class=\"scroll\"><table class=\"results\"><thead><tr>")
        .append("<th rowspan=\"2\">stage</th><th rowspan=\"2\">model</th>")
        .append("<th rowspan=\"2\">ok</th><th rowspan=\"2\">failed</th>")
        .append("<th rowspan=\"2\">errors</th>");
    for (String m : LATENCIES) {
      b.append("<th colspan=\"3\">").append(m.toUpperCase(java.util.Locale.ROOT)).append("</th>");
    }
    b.append("<th rowspan=\"2\">requests/s</th><th rowspan=\"2\">output tokens/s</th>")
        .append("<th rowspan=\"2\">total tokens/s</th><th rowspan=\"2\">goodput/s</th>")
        .append("<th rowspan=\"2\">$ per M tokens</th></tr><tr>");
    for (int i = 0; i < LATENCIES.length; i++) {
      for (String p : PERCENTILES) {
        b.append("<th>").append(p).append("</th>");
      }
    }
    b.append("</tr></thead><tbody>\n");
    String knee = summary.path("sweep").path("knee").asText(null);
    for (JsonNode stage : summary.path("stages")) {
      String name = stage.path("name").asText();
      List<JsonNode> rows = new ArrayList<>();
      stage.path("models").forEach(rows::add);
      if (rows.size() != 1 && !stage.path("all").isMissingNode()) {
        rows.add(stage.path("all"));
      }
      for (JsonNode row : rows) {
        String model = row.path("model").asText();
        String key = name + "/" + model;
        b.append("<tr data-row=\"")
            .append(esc(key))
            .append("\"")
            .append(model.equals("*") ? " class=\"all\"" : "")
            .append("><td>")
            .append(esc(name))
            .append(
                name.equals(knee)
                    ? " <span class=\"knee\" title=\"the sweep's knee\">*</span>"
                    : "")
            .append("</td><td>")
            .append(esc(model.equals("*") ? "all models" : model))
            .append("</td>");
        JsonNode req = row.path("requests");
        b.append(cell(req.path("ok").asDouble(), req.path("ok").asText()));
        b.append(cell(req.path("failed").asDouble(), req.path("failed").asText()));
        b.append("<td class=\"errors\">");
        for (Iterator<Map.Entry<String, JsonNode>> it = row.path("errors").fields();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          b.append("<span class=\"err\">")
              .append(esc(e.getKey()))
              .append(" ")
              .append(e.getValue().asLong())
              .append("</span> ");
        }
        b.append("</td>");
        latencyCells(key, row, List.of(LATENCIES), List.of(PERCENTILES));
        JsonNode t = row.path("throughput");
        b.append(numberCell(key + "/requestsPerS", t.path("requestsPerS")));
        b.append(numberCell(key + "/outputTokensPerS", t.path("outputTokensPerS")));
        b.append(numberCell(key + "/totalTokensPerS", t.path("totalTokensPerS")));
        b.append(numberCell(key + "/goodputPerS", row.path("goodputPerS")));
        Double cost = d(row.path("cost").path("usdPerMillionTokens"));
        b.append(
            cellKey(
                key + "/usdPerMillionTokens",
                cost,
                cost == null ? "–" : String.format(java.util.Locale.ROOT, "%.4f", cost)));
        b.append("</tr>\n");
      }
    }
    b.append("</tbody></table></div></section>\n");
  }

  /**
   * Each stage's slices or session turns ({@code key} of the summary's stages), over the stage's
   * models: requests, errors, latency percentiles, throughput and goodput, when the run has any.
   */
  private void parts(String key, String title, String what) {
    boolean any = false;
    for (JsonNode stage : summary.path("stages")) {
      any |= stage.path(key).size() > 0;
    }
    if (!any) {
      return;
    }
    b.append("<section id=\"")
        .append(key)
        .append("\"><h2>")
        .append(title)
        .append("</h2>\n<div class=\"scroll\"><table class=\"results\"><thead><tr>")
        .append("<th>stage</th><th>")
        .append(what)
        .append("</th><th>ok</th><th>failed</th>");
    for (String m : PART_LATENCIES) {
      for (String p : List.of("p50", "p99")) {
        b.append("<th>").append(m.toUpperCase(java.util.Locale.ROOT)).append(' ').append(p);
        b.append("</th>");
      }
    }
    b.append("<th>requests/s</th><th>output tokens/s</th><th>goodput/s</th></tr></thead><tbody>\n");
    for (JsonNode stage : summary.path("stages")) {
      String name = stage.path("name").asText();
      for (JsonNode part : stage.path(key)) {
        JsonNode row = part.path("all");
        String k = name + "/" + what + "=" + part.path("name").asText();
        b.append("<tr><td>")
            .append(esc(name))
            .append("</td><td>")
            .append(esc(part.path("name").asText()))
            .append("</td>");
        JsonNode req = row.path("requests");
        b.append(cellKey(k + "/ok", req.path("ok").asDouble(), req.path("ok").asText()));
        b.append(
            cellKey(k + "/failed", req.path("failed").asDouble(), req.path("failed").asText()));
        latencyCells(k, row, PART_LATENCIES, List.of("p50", "p99"));
        JsonNode t = row.path("throughput");
        b.append(numberCell(k + "/requestsPerS", t.path("requestsPerS")));
        b.append(numberCell(k + "/outputTokensPerS", t.path("outputTokensPerS")));
        b.append(numberCell(k + "/goodputPerS", row.path("goodputPerS")));
        b.append("</tr>\n");
      }
    }
    b.append("</tbody></table></div></section>\n");
  }

  /**
   * A reasoning model's and a prefix cache's own figures, per stage and model, when the run has
   * any: reasoning and answer tokens with the times to each and the answer's pace, and the cached
   * prompt tokens with their share.
   */
  private void workloads() {
    List<String[]> keys = new ArrayList<>();
    List<JsonNode> rows = new ArrayList<>();
    boolean any = false;
    for (JsonNode stage : summary.path("stages")) {
      List<JsonNode> stageRows = new ArrayList<>();
      stage.path("models").forEach(stageRows::add);
      if (stageRows.size() != 1 && !stage.path("all").isMissingNode()) {
        stageRows.add(stage.path("all"));
      }
      for (JsonNode row : stageRows) {
        any |= row.path("reasoningTokens").asLong() > 0 || d(row.path("cacheHitRatio")) != null;
        keys.add(new String[] {stage.path("name").asText(), row.path("model").asText()});
        rows.add(row);
      }
    }
    if (!any) {
      return;
    }
    b.append("<section id=\"workloads\"><h2>Reasoning and prefix cache</h2>\n")
        .append("<p class=\"note\">For answers that reasoned: time to the first reasoning and to")
        .append(" the first answer token, and the answer's time per token (ms); the prompt tokens")
        .append(" the server's prefix cache held.</p>\n")
        .append("<div class=\"scroll\"><table class=\"results\"><thead><tr>")
        .append("<th>stage</th><th>model</th><th>reasoning tokens</th><th>answer tokens</th>")
        .append("<th>TTFR p50</th><th>TTFR p99</th><th>TTFA p50</th><th>TTFA p99</th>")
        .append("<th>answer TPOT p50</th><th>answer TPOT p99</th>")
        .append("<th>cached tokens</th><th>cache hit ratio</th></tr></thead><tbody>\n");
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      String model = keys.get(i)[1];
      String key = keys.get(i)[0] + "/" + model;
      long reasoning = row.path("reasoningTokens").asLong();
      long answer = row.path("outputTokens").asLong() - reasoning;
      b.append("<tr")
          .append(model.equals("*") ? " class=\"all\"" : "")
          .append("><td>")
          .append(esc(keys.get(i)[0]))
          .append("</td><td>")
          .append(esc(model.equals("*") ? "all models" : model))
          .append("</td>")
          .append(cellKey(key + "/reasoningTokens", (double) reasoning, Long.toString(reasoning)))
          .append(cellKey(key + "/answerTokens", (double) answer, Long.toString(answer)));
      latencyCells(key, row, List.of("ttfr", "ttfa", "answer_tpot"), List.of("p50", "p99"));
      long cached = row.path("cachedTokens").asLong();
      Double ratio = d(row.path("cacheHitRatio"));
      b.append(cellKey(key + "/cachedTokens", (double) cached, Long.toString(cached)))
          .append(
              cellKey(
                  key + "/cacheHitRatio",
                  ratio,
                  ratio == null
                      ? "–"
                      : String.format(java.util.Locale.ROOT, "%.1f%%", ratio * 100)))
          .append("</tr>\n");
    }
    b.append("</tbody></table></div></section>\n");
  }

  /** Each error class: its count and the first failure an agent saw of it. */
  private void failures() {
    JsonNode failures = summary.path("failures");
    if (failures.size() == 0) {
      return;
    }
    b.append("<section id=\"failures\"><h2>Errors by class</h2>\n")
        .append("<table class=\"failures\"><thead><tr><th>class</th><th>requests</th>")
        .append("<th>first in stage</th><th>model</th><th>first message</th></tr></thead><tbody>");
    for (JsonNode f : failures) {
      b.append("<tr><td>")
          .append(esc(f.path("errorClass").asText()))
          .append("</td>")
          .append(cell(f.path("count").asDouble(), f.path("count").asText()))
          .append("<td>")
          .append(esc(text(f.path("stage"))))
          .append("</td><td>")
          .append(esc(text(f.path("model"))))
          .append("</td><td>")
          .append(esc(text(f.path("detail"))))
          .append("</td></tr>\n");
    }
    b.append("</tbody></table></section>\n");
  }

  /** A slice's or a turn's latencies in its table. */
  private static final List<String> PART_LATENCIES = List.of("ttft", "tpot", "itl", "e2e");

  /** A row's latency cells, in milliseconds: each metric's percentiles. */
  private void latencyCells(
      String key, JsonNode row, List<String> metrics, List<String> percentiles) {
    for (String m : metrics) {
      for (String p : percentiles) {
        Double v = d(row.path("latency").path(m).path(p));
        b.append(cellKey(key + "/" + m + "." + p, v, ms(v)));
      }
    }
  }

  /** A figure's cell, as a number. */
  private static String numberCell(String key, JsonNode value) {
    Double v = d(value);
    return cellKey(key, v, num(v));
  }

  private static String cellKey(String key, Double v, String text) {
    String c = cell(v, text);
    return "<td data-k=\"" + esc(key) + "\"" + c.substring(3);
  }

  private void latencyCharts() {
    List<Chart> cdfs = charts.cdfs();
    List<Chart> distributions = charts.distributions();
    if (cdfs.isEmpty() && distributions.isEmpty()) {
      return;
    }
    b.append("<section id=\"latency\"><h2>Latency</h2>\n")
        .append("<p class=\"note\">Cumulative distributions of each stage's merged histograms,")
        .append(" with p50, p95 and p99 marked.</p>\n<div class=\"grid\">");
    cdfs.forEach(this::canvas);
    b.append("</div>\n<div class=\"grid\">");
    distributions.forEach(this::canvas);
    b.append("</div></section>\n");
  }

  private void canvas(Chart c) {
    canvas(b, c);
  }

  /** The figure and canvas a chart is drawn on. */
  static void canvas(StringBuilder b, Chart c) {
    b.append("<figure class=\"chart\"><div class=\"box\"><canvas id=\"")
        .append(esc(c.id()))
        .append("\"></canvas></div></figure>");
  }

  private void timeline() {
    List<Chart> timeline = charts.timeline();
    if (timeline.isEmpty()) {
      return;
    }
    b.append("<section id=\"timeline\"><h2>Timeline</h2>\n")
        .append("<p class=\"note\">Per snapshot interval since the start: completions and tokens")
        .append(" as counted, latency by intended send time.</p>\n<div class=\"grid\">");
    timeline.forEach(this::canvas);
    b.append("</div></section>\n");
  }

  private void generator() {
    JsonNode agents = summary.path("generator").path("agents");
    if (agents.size() == 0) {
      return;
    }
    JsonNode generator = summary.path("generator");
    b.append("<section id=\"generator\"><h2>Load generator health</h2>");
    if (generator.has("verdict")) {
      b.append("<p class=\"verdict\"><strong>")
          .append(esc(generator.path("verdict").asText()))
          .append("</strong>: ")
          .append(esc(generator.path("reason").asText()))
          .append("</p>");
    }
    b.append("<table><thead><tr>")
        .append("<th>agent</th><th>verdict</th><th>load thread CPU max</th>")
        .append("<th>process CPU max</th><th>event loop delay max (ms)</th>")
        .append("<th>intervals over a limit</th></tr></thead><tbody>");
    for (JsonNode a : agents) {
      b.append("<tr><td>")
          .append(esc(a.path("id").asText()))
          .append("</td><td>")
          .append(esc(a.path("verdict").asText("")))
          .append("</td>")
          .append(cell(d(a.path("loadCpuMax")), pct(d(a.path("loadCpuMax"))).replace("+", "")))
          .append(cell(d(a.path("cpuMax")), pct(d(a.path("cpuMax"))).replace("+", "")))
          .append(cell(d(a.path("loopDelayMaxMs")), num(d(a.path("loopDelayMaxMs")))))
          .append(cell(d(a.path("saturatedIntervals")), a.path("saturatedIntervals").asText()))
          .append("</tr>");
    }
    b.append("</tbody></table></section>\n");
  }

  private void planText() {
    if (plan == null) {
      return;
    }
    b.append("<section id=\"plan\"><h2>Plan</h2><pre>")
        .append(esc(plan))
        .append("</pre></section>\n");
  }

  static Double d(JsonNode n) {
    return n == null || !n.isNumber() ? null : n.asDouble();
  }

  static String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? "" : n.asText();
  }
}
