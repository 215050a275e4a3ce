package io.broadside.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.StageWindow;
import io.broadside.testing.DebianTools;
import io.broadside.testing.NoBlockedEventLoops;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_33_0.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a real coordinator fed by a scripted agent over gRPC: exact bucket counts
 * in every format, native buckets in protobuf, content negotiation, help on every family, and
 * promtool's lint.
 */
@ExtendWith(NoBlockedEventLoops.class)
class MetricsEndpointIT {
  private static final String PLAN =
      """
      name: metrics
      target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:9}
      models: [m]
      cost: {usdPerHour: 1.8}
      load: {mode: closed, stages: [{name: s, duration: 60s, users: 1}]}
      """;
  static final String PROTOBUF =
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";

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
  void textScrapeHoldsTheExactMergeWithVllmBuckets() throws Exception {
    // counts show as soon as a snapshot merges, the window quantiles from the next tick on: wait
    // for both
    String text = awaitWindow().bodyAsString();
    // two intervals of 5 × 0.25 s, 7 × 0.7 s and 11 × 3 s: cumulative classic buckets
    String e2e = "broadside_e2e_request_latency_seconds";
    assertThat(value(text, e2e + "_bucket", "le", "0.3")).isEqualTo(10);
    assertThat(value(text, e2e + "_bucket", "le", "0.5")).isEqualTo(10);
    assertThat(value(text, e2e + "_bucket", "le", "0.8")).isEqualTo(24);
    assertThat(value(text, e2e + "_bucket", "le", "2.5")).isEqualTo(24);
    assertThat(value(text, e2e + "_bucket", "le", "5.0")).isEqualTo(46);
    assertThat(value(text, e2e + "_bucket", "le", "+Inf")).isEqualTo(46);
    assertThat(value(text, e2e + "_count")).isEqualTo(46);
    assertThat(value(text, e2e + "_sum")).isCloseTo(78.3, within(1e-9));
    assertThat(value(text, "broadside_requests_total", "outcome", "ok")).isEqualTo(46);
    assertThat(value(text, "broadside_requests_total", "outcome", "error")).isEqualTo(2);
    assertThat(value(text, "broadside_requests_total", "outcome", "dropped")).isZero();
    assertThat(value(text, "broadside_request_errors_total", "error_type", "timeout")).isEqualTo(2);
    assertThat(value(text, "broadside_generation_tokens_total")).isEqualTo(2000);
    assertThat(value(text, "broadside_prompt_tokens_total")).isEqualTo(600);
    assertThat(value(text, "broadside_goodput_requests_total")).isEqualTo(30);
    assertThat(value(text, "broadside_agent_cpu_ratio", "agent", "a1")).isEqualTo(0.4);
    assertThat(value(text, "broadside_agent_event_loop_delay_seconds")).isEqualTo(0.0015);
    assertThat(value(text, "broadside_active_users", "target", "sim")).isEqualTo(3);
    assertThat(value(text, "broadside_agents", "state", "running")).isEqualTo(1);
    assertThat(value(text, "broadside_run_info", "plan", "metrics", "target", "sim")).isEqualTo(1);
    // the exact quantiles over the window: 0.7 s and 3 s as HdrHistogram holds them
    String window = "broadside_e2e_request_latency_window_seconds";
    assertThat(value(text, window, "quantile", "0.5")).isCloseTo(0.7, within(0.001));
    assertThat(value(text, window, "quantile", "0.99")).isCloseTo(3.0, within(0.003));
    assertThat(value(text, window + "_count")).isEqualTo(46);
    // 1.8 USD/h at 2000 tokens over the 2 s window (1000 tok/s)
    assertThat(value(text, "broadside_cost_per_million_tokens_usd"))
        .isCloseTo(1.8 / 3600 / 1000 * 1e6, within(1e-9));
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE broadside")) {
        String family = line.split(" ")[2];
        assertThat(text).as("help of " + family).contains("# HELP " + family + " ");
      }
    }
  }

  @Test
  void prometheusAskingForProtobufGetsNativeBuckets() throws Exception {
    awaitScrape("", "broadside_requests_total");
    HttpResponse<Buffer> r = awaitScrape(PROTOBUF + ";q=0.9,text/plain;q=0.1", null);
    assertThat(r.getHeader("Content-Type")).startsWith("application/vnd.google.protobuf");
    Map<String, Metrics.MetricFamily> families = new HashMap<>();
    ByteArrayInputStream in = new ByteArrayInputStream(r.body().getBytes());
    for (Metrics.MetricFamily f = Metrics.MetricFamily.parseDelimitedFrom(in);
        f != null;
        f = Metrics.MetricFamily.parseDelimitedFrom(in)) {
      families.put(f.getName(), f);
    }
    Metrics.Histogram h =
        families.get("broadside_e2e_request_latency_seconds").getMetric(0).getHistogram();
    assertThat(h.getSchema()).isEqualTo(3);
    assertThat(h.getSampleCount()).isEqualTo(46);
    assertThat(h.getSampleSum()).isCloseTo(78.3, within(1e-9));
    // three values: three populated native buckets (spans with delta-encoded counts)
    long total = 0;
    long count = 0;
    int populated = 0;
    for (long delta : h.getPositiveDeltaList()) {
      count += delta;
      total += count;
      populated += count > 0 ? 1 : 0;
    }
    assertThat(total).isEqualTo(46);
    assertThat(populated).isEqualTo(3);
    assertThat(h.getBucketCount()).isGreaterThan(0); // the classic buckets travel along
  }

  @Test
  void openMetricsWhenAskedTextOtherwise() throws Exception {
    awaitScrape("", "broadside_requests_total");
    HttpResponse<Buffer> om =
        awaitScrape("application/openmetrics-text;version=1.0.0,text/plain;q=0.5", null);
    assertThat(om.getHeader("Content-Type")).startsWith("application/openmetrics-text");
    assertThat(om.bodyAsString()).endsWith("# EOF\n").contains("# UNIT broadside_e2e_request");
    HttpResponse<Buffer> text = awaitScrape("", null);
    assertThat(text.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
  }

  @Test
  void promtoolFindsNothingToLint() throws Exception {
    String promtool = DebianTools.require("promtool").toString();
    String text = awaitScrape("", "broadside_requests_total").bodyAsString();
    List<String> check = List.of(promtool, "check", "metrics");
    DebianTools.Result clean = DebianTools.run(dir, check, text);
    assertThat(clean.exit()).as(clean.output()).isZero();
    // and the lint has teeth: a family without help is reported
    DebianTools.Result bad = DebianTools.run(dir, check, "# TYPE x_total counter\nx_total 1\n");
    assertThat(bad.exit()).isNotZero();
  }

  /** Scrapes until {@code expected} shows up (the export recomputes once per interval). */
  /** A text scrape once the e2e window has closed a tick holding both intervals. */
  private HttpResponse<Buffer> awaitWindow() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      HttpResponse<Buffer> r = awaitScrape("", "broadside_requests_total");
      double p50 =
          value(
              r.bodyAsString(), "broadside_e2e_request_latency_window_seconds", "quantile", "0.5");
      if (!Double.isNaN(p50) || System.nanoTime() > deadline) {
        return r;
      }
      Thread.sleep(100);
    }
  }

  private HttpResponse<Buffer> awaitScrape(String accept, String expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      HttpResponse<Buffer> r =
          web.get(coordinator.httpPort(), "127.0.0.1", "/metrics")
              .putHeader("Accept", accept)
              .send()
              .await();
      assertThat(r.statusCode()).isEqualTo(200);
      boolean ready = expected == null || r.bodyAsString().contains(expected);
      if (ready || System.nanoTime() > deadline) {
        return r;
      }
      Thread.sleep(100);
    }
  }

  /** The value of the one series of {@code name} in this run with these label pairs. */
  private double value(String text, String name, String... labels) {
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{")
          || !line.contains("run=\"" + runId + "\"") && line.contains("run=")) {
        continue;
      }
      boolean all = true;
      for (int i = 0; i < labels.length; i += 2) {
        all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
      }
      if (all) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no series " + name + " " + List.of(labels) + " in\n" + text);
  }

  /** One interval: 5 × 0.25 s, 7 × 0.7 s, 11 × 3 s, an error, tokens. */
  private Snapshot snapshot(String runId, long startUs, long seq) {
    Histogram h = Histograms.newHistogram();
    h.recordValueWithCount(250_000, 5);
    h.recordValueWithCount(700_000, 7);
    h.recordValueWithCount(3_000_000, 11);
    long sum = 5 * 250_000L + 7 * 700_000L + 11 * 3_000_000L;
    CounterDelta.Builder c = CounterDelta.newBuilder().setStage("s").setModel("m");
    return Snapshot.newBuilder()
        .setRunId(runId)
        .setAgentId("a1")
        .setSequence(seq)
        .setIntervalStartUs(startUs + (seq - 1) * 1_000_000)
        .setIntervalEndUs(startUs + seq * 1_000_000)
        .setActiveUsers(3)
        .setCpuRatio(0.4)
        .setLoopDelayMaxUs(1_500)
        .addSeries(SnapshotCodec.series("s", "m", LatencyMetric.E2E, h, sum, 3_000_000, 0))
        .addCounters(c.clone().setName(Counter.OK).setDelta(23))
        .addCounters(c.clone().setName(Counter.FAILED).setDelta(1))
        .addCounters(c.clone().setName(Counter.error("timeout")).setDelta(1))
        .addCounters(c.clone().setName(Counter.OUTPUT_TOKENS).setDelta(1000))
        .addCounters(c.clone().setName(Counter.PROMPT_TOKENS).setDelta(300))
        .addCounters(c.clone().setName(Counter.GOODPUT).setDelta(15))
        .addWindows(
            StageWindow.newBuilder()
                .setStage("s")
                .setModel("m")
                .setFirstDispatchUs(startUs)
                .setLastCompletionUs(startUs + 2_000_000))
        .build();
  }
}
