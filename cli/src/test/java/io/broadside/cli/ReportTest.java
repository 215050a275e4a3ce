package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code broadside report} on the directories of real short runs against the simulator: the page
 * holds every section the run has data for and none it has not, its table and its CDF marks carry
 * exactly the numbers of summary.json, it needs no network, and what the plan says is escaped.
 */
class ReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern KEYED =
      Pattern.compile("<td data-k=\"([^\"]+)\" class=\"n\" data-v=\"([^\"]+)\">");
  private static final Pattern CHARTS =
      Pattern.compile(
          "<script type=\"application/json\" id=\"charts\">(.*?)</script>", Pattern.DOTALL);

  static PlanRuns.Result run;
  static String html;
  static Path written;

  @BeforeAll
  static void runAndReport() throws Exception {
    run = ReportRuns.stages();
    assertThat(run.exit()).isZero();
    written = run.runDir().resolveSibling(run.runDir().getFileName() + "-report.html");
    int exit = Main.execute("report", run.runDir().toString(), "--out", written.toString());
    assertThat(exit).isZero();
    html = Files.readString(written);
  }

  @Test
  void theRunWritesItsReportAndTheCommandWritesItWhereAsked() throws Exception {
    assertThat(run.runDir().resolve("report.html")).exists();
    assertThat(run.output())
        .contains("report: " + run.runDir().resolve("report.html").toAbsolutePath());
    assertThat(Main.execute("report", run.runDir().resolve("nope").toString())).isEqualTo(2);
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
  }

  @Test
  void holdsEverySectionTheRunHasDataForAndNoOther() {
    assertThat(html)
        .contains("<title>Broadside report: report-demo</title>")
        .contains("id=\"agents\"", "id=\"tags\"", "<section id=\"results\">")
        .contains("<section id=\"latency\">", "<section id=\"timeline\">", "<section id=\"plan\">")
        .doesNotContain("<section id=\"sweep\">", "<section id=\"search\">")
        .doesNotContain("<section id=\"rounds\">", "<section id=\"scale\">")
        .doesNotContain("<section id=\"saturation\">");
    List<String> canvases = new ArrayList<>();
    Matcher m = Pattern.compile("<canvas id=\"([^\"]+)\"").matcher(html);
    while (m.find()) {
      canvases.add(m.group(1));
    }
    assertThat(canvases)
        .containsExactly(
            "cdf-0",
            "cdf-1",
            "cdf-2",
            "dist-ttft",
            "dist-tpot",
            "timeline-throughput",
            "timeline-latency",
            "timeline-users");
  }

  @Test
  void tableCellsCarryTheNumbersOfSummaryJson() {
    Map<String, Double> cells = new HashMap<>();
    Matcher m = KEYED.matcher(html);
    while (m.find()) {
      cells.put(m.group(1).replace("&#39;", "'"), Double.valueOf(m.group(2)));
    }
    int compared = 0;
    for (JsonNode stage : run.summary().path("stages")) {
      List<JsonNode> rows = new ArrayList<>();
      stage.path("models").forEach(rows::add);
      assertThat(rows).hasSize(2);
      rows.add(stage.path("all"));
      for (JsonNode row : rows) {
        String key = stage.path("name").asText() + "/" + row.path("model").asText() + "/";
        for (String metric : new String[] {"e2e", "ttft", "tpot", "itl"}) {
          for (String p : new String[] {"p50", "p90", "p99"}) {
            assertThat(cells.get(key + metric + "." + p))
                .as(key + metric + "." + p)
                .isEqualTo(row.path("latency").path(metric).path(p).asDouble());
            compared++;
          }
        }
        for (String t : new String[] {"requestsPerS", "outputTokensPerS", "totalTokensPerS"}) {
          assertThat(cells.get(key + t))
              .as(key + t)
              .isEqualTo(row.path("throughput").path(t).asDouble());
        }
        assertThat(cells.get(key + "goodputPerS")).isEqualTo(row.path("goodputPerS").asDouble());
        assertThat(cells.get(key + "usdPerMillionTokens"))
            .isEqualTo(row.path("cost").path("usdPerMillionTokens").asDouble())
            .isPositive();
      }
    }
    assertThat(compared).isEqualTo(3 * 3 * 12);
  }

  @Test
  void cdfMarksArePercentilesOfTheMergedHistograms() throws Exception {
    JsonNode charts = charts(html);
    JsonNode stages = run.summary().path("stages");
    for (int i = 0; i < stages.size(); i++) {
      JsonNode all = stages.get(i).path("all").path("latency");
      JsonNode cdf = byId(charts, "cdf-" + i);
      Map<String, Double> marks = new HashMap<>();
      cdf.path("marks")
          .forEach(
              mk ->
                  marks.put(
                      mk.path("label").asText().split(" ")[0]
                          + " "
                          + mk.path("label").asText().split(" ")[1],
                      mk.path("x").asDouble()));
      for (String metric : new String[] {"e2e", "ttft"}) {
        for (String p : new String[] {"p50", "p95", "p99"}) {
          assertThat(marks.get(metric + " " + p) / 1000)
              .as(stages.get(i).path("name").asText() + " " + metric + " " + p)
              .isCloseTo(
                  all.path(metric).path(p).asDouble(),
                  org.assertj.core.api.Assertions.within(1e-12));
        }
      }
      JsonNode e2e = cdf.path("datasets").get(0).path("data");
      assertThat(e2e.get(e2e.size() - 1).path("y").asDouble()).isEqualTo(1.0);
    }
  }

  @Test
  void needsNoNetworkAndEscapesWhatThePlanSays() {
    assertThat(html)
        .doesNotContainPattern("<script[^>]*\\ssrc=")
        .doesNotContainPattern("<link[^>]*\\shref=")
        .doesNotContainPattern("<img[^>]*\\ssrc=")
        .contains("Chart.js v")
        .doesNotContain("<script>window.injected")
        .contains("# &lt;/pre&gt;&lt;script&gt;window.injected = true&lt;/script&gt;")
        .doesNotContain("<b>bold</b>")
        .contains("&lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39;");
    assertThat(html.length()).isGreaterThan(200_000);
  }

  @Test
  void theSweepsReportDrawsThroughputAgainstTheLevelWithTheKnee() throws Exception {
    PlanRuns.Result sweep = ReportRuns.sweep();
    assertThat(sweep.exit()).isZero();
    String knee = sweep.summary().path("sweep").path("knee").asText(null);
    assertThat(knee).as("the sweep's knee").isNotNull();
    String page = Files.readString(sweep.runDir().resolve("report.html"));
    assertThat(page)
        .contains(
            "<section id=\"sweep\">",
            "<canvas id=\"sweep-throughput\"",
            "<canvas id=\"sweep-latency\"");
    assertThat(page).contains(knee + " <span class=\"knee\">* knee</span>");
    double level = 0;
    for (JsonNode l : sweep.summary().path("sweep").path("levels")) {
      if (l.path("stage").asText().equals(knee)) {
        level = l.path("level").asDouble();
      }
    }
    JsonNode throughput = byId(charts(page), "sweep-throughput");
    assertThat(throughput.path("marks").get(0).path("x").asDouble()).isEqualTo(level);
    assertThat(throughput.path("marks").get(0).path("label").asText()).isEqualTo("knee: " + knee);
    assertThat(throughput.path("datasets").get(0).path("data")).hasSize(5);
  }

  @Test
  void searchSaturationRoundsAndScaleAppearFromTheSummaryAlone() throws Exception {
    Path dir = ReportRuns.adaptive();
    assertThat(Main.execute("report", dir.toString())).isZero();
    String page = Files.readString(dir.resolve("report.html"));
    assertThat(page)
        .contains("<section id=\"search\"><h2>Search (feedback)</h2>")
        .contains(
            "<section id=\"saturation\">", "<section id=\"rounds\">", "<section id=\"scale\">")
        .doesNotContain("<section id=\"results\">", "<section id=\"timeline\">")
        .contains("step-3 <span class=\"knee\">chosen</span>")
        .contains("<td class=\"n\" data-v=\"0.857\">+85.7%</td>")
        .contains(
            "&lt;b&gt;llama&lt;/b&gt;",
            "&lt;i&gt;no answer&lt;/i&gt;",
            "&lt;script&gt;x()&lt;/script&gt; timed out")
        .doesNotContain("<b>llama</b>", "<i>no answer</i>", "<script>x()");
    JsonNode charts = charts(page);
    assertThat(charts)
        .extracting(c -> c.path("id").asText())
        .containsExactly("search-steps", "search-values", "readiness");
    assertThat(byId(charts, "search-values").path("marks").get(0).path("x").asInt()).isEqualTo(2);
  }

  static JsonNode charts(String page) throws Exception {
    Matcher m = CHARTS.matcher(page);
    assertThat(m.find()).isTrue();
    return JSON.readTree(m.group(1));
  }

  private static JsonNode byId(JsonNode charts, String id) {
    for (JsonNode c : charts) {
      if (c.path("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no chart " + id);
  }
}
