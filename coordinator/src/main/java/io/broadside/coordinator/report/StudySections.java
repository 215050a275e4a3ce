package io.broadside.coordinator.report;

import static io.broadside.coordinator.report.Html.cell;
import static io.broadside.coordinator.report.Html.esc;
import static io.broadside.coordinator.report.Html.ms;
import static io.broadside.coordinator.report.Html.num;
import static io.broadside.coordinator.report.Html.pct;
import static io.broadside.coordinator.report.ReportSections.d;
import static io.broadside.coordinator.report.ReportSections.text;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sections of the studies a plan's load shape makes, each only when the summary holds it: a
 * sweep's levels and knee, a saturation finding, a search's steps (bisect, feedback, capacity),
 * multi-model rounds, and a many-model scale study.
 */
final class StudySections {
  private final StringBuilder b;
  private final JsonNode summary;
  private final ReportCharts charts;

  StudySections(StringBuilder b, JsonNode summary, ReportCharts charts) {
    this.b = b;
    this.summary = summary;
    this.charts = charts;
  }

  private void fact(String name, String value) {
    ReportSections.fact(b, name, value);
  }

  private void canvas(Chart c) {
    ReportSections.canvas(b, c);
  }

  void sweep() {
    JsonNode sweep = summary.path("sweep");
    if (sweep.path("levels").size() == 0) {
      return;
    }
    b.append("<section id=\"sweep\"><h2>Sweep</h2>\n<p class=\"verdict\">")
        .append(esc(sweep.path("verdict").asText("")))
        .append("</p>\n<div class=\"grid\">");
    charts.sweep().forEach(this::canvas);
    b.append("</div>\n<table><thead><tr><th>stage</th><th>level</th><th>requests/s</th>")
        .append(
            "<th>output tokens/s</th><th>goodput/s</th><th>gain to next</th></tr></thead><tbody>");
    String knee = sweep.path("knee").asText(null);
    for (JsonNode l : sweep.path("levels")) {
      String stage = l.path("stage").asText();
      b.append("<tr")
          .append(stage.equals(knee) ? " class=\"kneerow\"" : "")
          .append("><td>")
          .append(esc(stage))
          .append(stage.equals(knee) ? " <span class=\"knee\">* knee</span>" : "")
          .append("</td>")
          .append(cell(d(l.path("level")), num(d(l.path("level")))))
          .append(cell(d(l.path("requestsPerS")), num(d(l.path("requestsPerS")))))
          .append(cell(d(l.path("outputTokensPerS")), num(d(l.path("outputTokensPerS")))))
          .append(cell(d(l.path("goodputPerS")), num(d(l.path("goodputPerS")))))
          .append(cell(d(l.path("gainToNext")), num(d(l.path("gainToNext")))))
          .append("</tr>");
    }
    b.append("</tbody></table></section>\n");
  }

  void saturation() {
    JsonNode s = summary.path("saturation");
    if (!s.isObject()) {
      return;
    }
    b.append("<section id=\"saturation\"><h2>Saturation</h2><p class=\"verdict\">")
        .append(esc(s.path("verdict").asText("")))
        .append("</p><dl class=\"facts\">");
    fact("held", text(s.path("heldStage")) + " " + text(s.path("heldLevel")));
    fact("broke", text(s.path("failedStage")) + " " + text(s.path("failedLevel")));
    fact("limits broken", s.path("broken").size() > 0 ? s.path("broken").toString() : null);
    JsonNode e = s.path("firstError");
    if (e.isObject()) {
      fact(
          "first failed request",
          e.path("model").asText()
              + " "
              + e.path("errorClass").asText()
              + ": "
              + e.path("detail").asText());
    }
    b.append("</dl></section>\n");
  }

  void search() {
    JsonNode s = summary.path("search");
    if (s.path("steps").size() == 0) {
      return;
    }
    String kind = s.path("kind").asText();
    b.append("<section id=\"search\"><h2>Search (")
        .append(esc(kind))
        .append(")</h2><p class=\"verdict\">")
        .append(esc(s.path("verdict").asText("")))
        .append("</p>\n<div class=\"grid\">");
    charts.search().forEach(this::canvas);
    b.append("</div>\n<table><thead><tr><th>step</th><th>users</th>")
        .append(kind.equals("capacity") ? "<th>models</th>" : "")
        .append(kind.equals("bisect") ? "" : "<th>value</th>")
        .append("<th>requests/s</th><th>output tokens/s</th><th>held</th></tr></thead><tbody>");
    String chosen = s.path("chosen").path("stage").asText(null);
    for (JsonNode step : s.path("steps")) {
      String stage = step.path("stage").asText();
      b.append("<tr")
          .append(stage.equals(chosen) ? " class=\"kneerow\"" : "")
          .append("><td>")
          .append(esc(stage))
          .append(stage.equals(chosen) ? " <span class=\"knee\">chosen</span>" : "")
          .append("</td>")
          .append(cell(d(step.path("users")), step.path("users").asText()));
      if (kind.equals("capacity")) {
        b.append(cell(d(step.path("models")), text(step.path("models"))));
      }
      if (!kind.equals("bisect")) {
        b.append(cell(d(step.path("value")), num(d(step.path("value")))));
      }
      b.append(cell(d(step.path("requestsPerS")), num(d(step.path("requestsPerS")))))
          .append(cell(d(step.path("outputTokensPerS")), num(d(step.path("outputTokensPerS")))))
          .append("<td>")
          .append(step.path("held").asBoolean() ? "held" : "<span class=\"bad\">broke</span>")
          .append("</td></tr>");
    }
    b.append("</tbody></table></section>\n");
  }

  void rounds() {
    JsonNode rounds = summary.path("rounds");
    if (rounds.size() == 0) {
      return;
    }
    b.append("<section id=\"rounds\"><h2>Rounds: every model together vs alone</h2>\n")
        .append("<table><thead><tr><th rowspan=\"2\">model</th>")
        .append("<th colspan=\"3\">TTFT p50 (ms)</th><th colspan=\"3\">TPOT p50 (ms)</th>")
        .append(
            "<th colspan=\"3\">E2E p50 (ms)</th><th colspan=\"3\">output tokens/s</th></tr><tr>");
    for (int i = 0; i < 4; i++) {
      b.append("<th>together</th><th>alone</th><th>change</th>");
    }
    b.append("</tr></thead><tbody>");
    for (JsonNode r : rounds) {
      b.append("<tr><td>").append(esc(r.path("model").asText())).append("</td>");
      for (String f : new String[] {"ttftP50", "tpotP50", "e2eP50", "outputTokensPerS"}) {
        boolean latency = !f.equals("outputTokensPerS");
        Double together = d(r.path("concurrent").path(f));
        Double alone = d(r.path("alone").path(f));
        b.append(cell(together, latency ? ms(together) : num(together)))
            .append(cell(alone, latency ? ms(alone) : num(alone)))
            .append(cell(d(r.path("change").path(f)), pct(d(r.path("change").path(f)))));
      }
      b.append("</tr>");
    }
    b.append("</tbody></table></section>\n");
  }

  void scale() {
    JsonNode s = summary.path("scale");
    if (!s.isObject()) {
      return;
    }
    b.append("<section id=\"scale\"><h2>Many-model scale study</h2><p class=\"verdict\">")
        .append(esc(s.path("verdict").asText("")))
        .append("</p><dl class=\"facts\">");
    fact("models", s.path("models").asText());
    fact("created", s.path("created").asText());
    fact("ready", s.path("ready").asText());
    fact("not ready", s.path("notReady").asText());
    b.append(
            "</dl>\n<table id=\"spread\"><thead><tr><th></th><th>count</th><th>min</th><th>Q1</th>")
        .append("<th>median</th><th>Q3</th><th>p90</th><th>max</th></tr></thead><tbody>");
    spread("time to ready (s)", s.path("timeToReadyS"));
    spread("validation e2e (s)", s.path("validationS"));
    b.append("</tbody></table>\n<div class=\"grid\">");
    charts.scale().forEach(this::canvas);
    b.append("</div>\n<details><summary>Every model</summary><table><thead><tr><th>model</th>")
        .append("<th>created (s)</th><th>ready (s)</th><th>time to ready (s)</th><th>error</th>")
        .append("</tr></thead><tbody>");
    for (JsonNode m : s.path("perModel")) {
      b.append("<tr><td>")
          .append(esc(m.path("model").asText()))
          .append("</td>")
          .append(cell(d(m.path("createdS")), Html.sec(d(m.path("createdS")))))
          .append(cell(d(m.path("readyS")), Html.sec(d(m.path("readyS")))))
          .append(cell(d(m.path("timeToReadyS")), Html.sec(d(m.path("timeToReadyS")))))
          .append("<td>")
          .append(esc(text(m.path("error"))))
          .append("</td></tr>");
    }
    b.append("</tbody></table></details></section>\n");
  }

  private void spread(String name, JsonNode s) {
    b.append("<tr><td>").append(esc(name)).append("</td>");
    b.append(cell(d(s.path("count")), s.path("count").asText()));
    for (String f : new String[] {"min", "q1", "median", "q3", "p90", "max"}) {
      b.append(cell(d(s.path(f)), Html.sec(d(s.path(f)))));
    }
    b.append("</tr>");
  }
}
