package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.metric.MetricCatalogue;
import io.broadside.coordinator.dashboards.Dashboards;
import io.broadside.coordinator.metrics.PromHistograms;
import io.broadside.coordinator.run.Run;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.Faults;
import io.broadside.simulator.config.Generation;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.ModelHosting;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.testing.DebianTools;
import io.broadside.testing.PrometheusProcess;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boards against the real thing: a real run (an embedded coordinator and agent against the
 * simulator, with errors, two stages, three models of which one loads on demand, an SLO and a
 * price, answers that reason first, prompts with shared prefixes for its prefix cache, two slices,
 * and arrivals that start two-turn sessions) scraped every second by two real Prometheus servers at
 * once, one with native histograms and one without. Every panel query of every dashboard returns
 * data on both; every metric the boards name is in a scrape; the p99 Prometheus computes from the
 * native histogram lies in the native bucket of summary.json's; the request and token counters
 * equal the simulator's own counts.
 */
class LiveBoardsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLAN =
      """
      name: live-boards
      target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:%d, stream: true, timeout: 10s}
      models:
        - {name: llama-2-7b, weight: 5}
        - {name: mistral-7b, weight: 4}
        - {name: rare-model, weight: 1}
      modelChoice: weighted
      dataset:
        synthetic:
          inputTokensMin: 50
          inputTokensMax: 1000
          sharedPrefix: {groups: 4, tokens: 64}
        sampling: random
        seed: 7
        sessions: {turns: 2, thinkTime: 10ms}
      slices:
        - {name: gold, weight: 3, headers: {x-tenant: gold}}
        - {name: free, weight: 1}
      maxTokens: 16
      load:
        mode: open
        arrival: poisson
        stages:
          - {name: light, duration: 4s, rate: 70/s}
          - {name: heavy, duration: 4s, rate: 110/s}
      slo: {ttft: 20ms}
      cost: {usdPerHour: 1.212}
      """;

  @TempDir static Path dir;
  static Vertx vertx;
  static Simulator sim;
  static EmbeddedCluster cluster;
  static PrometheusProcess nativeProm;
  static PrometheusProcess classicProm;
  static String runId;
  static double startedAt;
  static double endedAt;
  static JsonNode summary;

  @BeforeAll
  static void runWhilePrometheusWatches() throws Exception {
    Path binary = DebianTools.require("prometheus");
    vertx = Vertx.vertx();
    // a wide, fast GPU fed Poisson arrivals and prompts of 50–1000 tokens: latencies spread
    // smoothly (no lumps of whole steps), over more than a thousand requests in 8 s
    GpuPreset gpu =
        new GpuPreset(
            "live", 12, Duration.ofMillis(1), Duration.ofNanos(60_000), Duration.ofNanos(2_000));
    sim =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults()
                    .withPreset(gpu)
                    .withModels(List.of("llama-2-7b", "mistral-7b", "rare-model"))
                    .withHosting(
                        new ModelHosting(
                            2,
                            1,
                            Duration.ofMillis(30),
                            Duration.ofMillis(60),
                            Duration.ofSeconds(2)))
                    .withFaults(Family.OPENAI, new Faults(0.02, 0, 0, 0, 0))
                    // a quarter of each answer reasoned first, and a prefix cache
                    .withGeneration(new Generation(0.25, Generation.ReasoningFormat.FIELD, 1 << 20))
                    .withEphemeralPorts())
            .await();
    cluster = EmbeddedCluster.start(vertx, dir.resolve("runs"), 0);
    Map<String, String> jobs = new LinkedHashMap<>();
    jobs.put("coordinator", "127.0.0.1:" + cluster.httpPort());
    jobs.put("simulator", "127.0.0.1:" + sim.port());
    nativeProm = PrometheusProcess.start(binary, dir.resolve("native"), jobs, true);
    classicProm = PrometheusProcess.start(binary, dir.resolve("classic"), jobs, false);
    for (PrometheusProcess p : List.of(nativeProm, classicProm)) {
      p.await("up{job=\"coordinator\"} == 1", Duration.ofSeconds(15));
      p.await("up{job=\"simulator\"} == 1", Duration.ofSeconds(15));
    }

    startedAt = now();
    RunManagerSubmission submitted = submit();
    Run run = submitted.run;
    runId = run.id();
    cluster.ended(run).toCompletionStage().toCompletableFuture().get();
    endedAt = now();
    // the final figures stay on /metrics; let both servers scrape them twice
    Thread.sleep(2_500);
    summary = JSON.readTree(dir.resolve("runs").resolve(runId).resolve("summary.json").toFile());
  }

  private record RunManagerSubmission(Run run) {}

  private static RunManagerSubmission submit() {
    var s = cluster.submit(PLAN.formatted(sim.port()), dir);
    assertThat(s.problems()).isEmpty();
    return new RunManagerSubmission(s.run());
  }

  @AfterAll
  static void stopEverything() {
    for (AutoCloseable c : new AutoCloseable[] {nativeProm, classicProm}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // already gone
        }
      }
    }
    if (sim != null) {
      sim.close().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void everyPanelQueryReturnsDataWithAndWithoutNativeHistograms() throws Exception {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("run", runId);
    vars.put("stage", ".*");
    vars.put("model_name", ".*");
    vars.put("agent", ".*");
    vars.put("datasource", "prometheus");
    vars.put("__rate_interval", "4s");
    List<Dashboards.PanelQuery> queries = Dashboards.queries(vars);
    assertThat(queries).hasSizeGreaterThan(50);
    // late in the run: every rate has samples on both sides of its window
    double at = endedAt - 1.0;
    List<String> empty = new ArrayList<>();
    for (PrometheusProcess p : List.of(nativeProm, classicProm)) {
      String which = p == nativeProm ? "native" : "classic";
      for (Dashboards.PanelQuery q : queries) {
        if (p.query(q.expr(), at).isEmpty()) {
          empty.add(which + " | " + q.dashboard() + " | " + q.panel() + " | " + q.expr());
        }
      }
    }
    assertThat(empty).as("panel queries with no data").isEmpty();
  }

  @Test
  void everyMetricTheBoardsNameIsInAScrape() throws Exception {
    Set<String> scraped = new HashSet<>();
    Set<String> coordinatorFamilies = new TreeSet<>();
    for (int port : new int[] {cluster.httpPort(), sim.port()}) {
      String text = scrape(port);
      for (String line : text.split("\n")) {
        if (line.startsWith("# TYPE ")) {
          scraped.add(line.split(" ")[2]);
          if (port == cluster.httpPort() && line.split(" ")[2].startsWith("broadside_")) {
            coordinatorFamilies.add(line.split(" ")[2]);
          }
        } else if (!line.startsWith("#") && !line.isBlank()) {
          int end = line.indexOf('{') > 0 ? line.indexOf('{') : line.indexOf(' ');
          scraped.add(line.substring(0, end));
        }
      }
    }
    Set<String> missing = new TreeSet<>(Dashboards.metricNames());
    missing.removeAll(scraped);
    assertThat(missing).as("metrics named in grafana/ but not scraped").isEmpty();
    // the catalogue is the whole of it: every family of the run is exposed, and nothing else
    Set<String> catalogue = new TreeSet<>();
    for (MetricCatalogue.Family f : MetricCatalogue.families()) {
      catalogue.add(f.name()); // text 0.0.4 names counters with _total and info with _info
    }
    assertThat(coordinatorFamilies).isEqualTo(catalogue);
  }

  @Test
  void promtoolFindsNothingToLintInTheLiveScrape() throws Exception {
    String promtool = DebianTools.require("promtool").toString();
    String text = scrape(cluster.httpPort());
    assertThat(text).contains("broadside_inter_token_latency_seconds_bucket");
    DebianTools.Result r = DebianTools.run(dir, List.of(promtool, "check", "metrics"), text);
    assertThat(r.exit()).as(r.output()).isZero();
  }

  private static String scrape(int port) throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void nativeP99LiesInTheBucketOfTheSummarysP99() throws Exception {
    double after = endedAt + 2.0;
    int stages = 0;
    for (JsonNode stage : summary.path("stages")) {
      String name = stage.path("name").asText();
      for (String metric : List.of("e2e", "ttft")) {
        String family =
            metric.equals("e2e")
                ? "broadside_e2e_request_latency_seconds"
                : "broadside_time_to_first_token_seconds";
        double exact = stage.path("all").path("latency").path(metric).path("p99").asDouble();
        // the run's whole window: the cumulative histogram at its end
        double fromPrometheus =
            nativeProm.value(
                "histogram_quantile(0.99, sum("
                    + family
                    + "{run=\""
                    + runId
                    + "\",stage=\""
                    + name
                    + "\"}))",
                after);
        System.out.printf(
            "%s p99 of stage %s: native histogram %.5f s, summary.json %.5f s (%+.2f%%)%n",
            metric, name, fromPrometheus, exact, 100 * (fromPrometheus / exact - 1));
        // Prometheus interpolates inside the native bucket that holds the 99th percentile's rank,
        // so its estimate can be anywhere in that bucket (2^(1/8), about 9%, wide): what must hold
        // is that it lies in the bucket of the exact value. HdrHistogram reports a value's highest
        // equivalent (0.1% at three digits), so an exact value that close to an edge may sit in
        // the next bucket up.
        double lower =
            PromHistograms.nativeUpperBound(PromHistograms.nativeIndex(exact / 1.001) - 1);
        double upper = PromHistograms.nativeUpperBound(PromHistograms.nativeIndex(exact));
        assertThat(fromPrometheus)
            .as(
                "%s p99 of stage %s: Prometheus %.4f s, summary %.4f s, its native bucket (%.4f,"
                    + " %.4f]",
                metric, name, fromPrometheus, exact, lower, upper)
            .isGreaterThan(lower)
            .isLessThanOrEqualTo(upper);
      }
      stages++;
    }
    assertThat(stages).isEqualTo(2);
  }

  @Test
  void requestAndTokenCountersEqualTheSimulatorsOwnCounts() throws Exception {
    double after = endedAt + 2.0;
    String run = "{run=\"" + runId + "\"";
    for (PrometheusProcess p : List.of(nativeProm, classicProm)) {
      double ok = p.value("sum(broadside_requests_total" + run + ",outcome=\"ok\"})", after);
      double served = p.value("sum(vllm:request_success_total)", after);
      double tokens = p.value("sum(broadside_generation_tokens_total" + run + "})", after);
      double generated = p.value("sum(vllm:generation_tokens_total)", after);
      double errors = p.value("sum(broadside_requests_total" + run + ",outcome=\"error\"})", after);
      assertThat(ok).isGreaterThan(1_000).isEqualTo(served);
      assertThat(tokens).isEqualTo(generated).isEqualTo(ok * 16);
      assertThat(errors).isPositive();
      long summaryOk = 0;
      long summaryFailed = 0;
      for (JsonNode stage : summary.path("stages")) {
        summaryOk += stage.path("all").path("requests").path("ok").asLong();
        summaryFailed += stage.path("all").path("requests").path("failed").asLong();
      }
      assertThat(ok).isEqualTo(summaryOk);
      assertThat(errors).isEqualTo(summaryFailed);
    }
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }
}
