package io.broadside.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.StageWindow;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/runs/{id}/report} of a real coordinator fed by a scripted agent: the run's
 * HTML report while it runs (the live summary standing in for summary.json), the plan escaped, and
 * 404 for a run it does not know.
 */
@ExtendWith(NoBlockedEventLoops.class)
class ReportRouteTest {
  private static final String PLAN =
      """
      name: report-route
      tags: {note: "<img src=x onerror=alert(1)>"}
      target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:9}
      models: [m]
      load: {mode: closed, stages: [{name: s, duration: 60s, users: 1}]}
      # </pre><script>window.injected = true</script>
      """;

  @TempDir Path dir;
  Vertx vertx;
  ScriptedAgent agent;
  Coordinator coordinator;
  WebClient web;
  String runId;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    ScriptedRun run = ScriptedRun.start(vertx, dir, PLAN, this::snapshot);
    agent = run.agent;
    coordinator = run.coordinator;
    web = run.web;
    runId = run.runId;
  }

  @AfterEach
  void stop() {
    agent.close();
    vertx.close().await();
  }

  @Test
  void servesTheRunsReportAsOneHtmlPage() {
    HttpResponse<Buffer> r =
        web.get(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs/" + runId + "/report")
            .send()
            .await();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("text/html");
    String html = r.bodyAsString();
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<section id=\"results\">", "<section id=\"plan\">", "Chart.js")
        .contains("data-k=\"s/m/requestsPerS\"")
        .doesNotContain("<script>window.injected", "<img src=x")
        .contains("&lt;/pre&gt;&lt;script&gt;window.injected = true&lt;/script&gt;")
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContainPattern("<script[^>]* src=")
        .doesNotContainPattern("<link[^>]* href=");
  }

  @Test
  void anUnknownRunIs404() {
    HttpResponse<Buffer> r =
        web.get(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs/nope/report").send().await();
    assertThat(r.statusCode()).isEqualTo(404);
  }

  private Snapshot snapshot(String runId, long startUs, long seq) {
    Histogram h = Histograms.newHistogram();
    h.recordValueWithCount(250_000, 5);
    h.recordValueWithCount(700_000, 7);
    long sum = 5 * 250_000L + 7 * 700_000L;
    CounterDelta.Builder c = CounterDelta.newBuilder().setStage("s").setModel("m");
    return Snapshot.newBuilder()
        .setRunId(runId)
        .setAgentId("a1")
        .setSequence(seq)
        .setIntervalStartUs(startUs + (seq - 1) * 1_000_000)
        .setIntervalEndUs(startUs + seq * 1_000_000)
        .setActiveUsers(1)
        .addSeries(SnapshotCodec.series("s", "m", LatencyMetric.E2E, h, sum, 700_000, 0))
        .addSeries(SnapshotCodec.series("s", "m", LatencyMetric.TTFT, h, sum, 700_000, 0))
        .addCounters(c.clone().setName(Counter.OK).setDelta(12))
        .addCounters(c.clone().setName(Counter.OUTPUT_TOKENS).setDelta(500))
        .addWindows(
            StageWindow.newBuilder()
                .setStage("s")
                .setModel("m")
                .setFirstDispatchUs(startUs)
                .setLastCompletionUs(startUs + 2_000_000))
        .build();
  }
}
