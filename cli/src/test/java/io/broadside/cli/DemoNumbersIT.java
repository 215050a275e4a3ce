package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.histogram.Histograms;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.broadside.testing.BlockedThreadWatch;
import io.broadside.testing.Schemas;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code broadside demo} end to end (simulator, coordinator and agent over gRPC in one process):
 * the summary agrees with the simulator's own per-request record, and with HdrHistogram's own
 * readers run over histograms.hlog. Latencies are compared in the uncontended stage (one user on a
 * JVM warmed by the first stage, which holds client and server alike on two cores).
 */
class DemoNumbersIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLAN =
      """
      name: uncontended
      target: {protocol: openai-chat, url: http://127.0.0.1:1, stream: true, timeout: 10s}
      models: [llama-2-7b]
      dataset: {synthetic: {inputTokens: 64}, seed: 3}
      maxTokens: 16
      load:
        mode: closed
        stages:
          - {name: warm, duration: 8s, users: 4}
          - {name: one, duration: 8s, users: 1}
          - {name: two, duration: 2s, users: 2}
      warmup: {requests: 100}
      slo: {ttft: 1s}
      """;

  /**
   * What the request's trip to the server and the first chunk's trip back may add to TTFT, by
   * percentile: 1 ms at the median; the tails carry the scheduling delays of a two-core machine
   * where client, server and the JIT compiler share the cores (measured: p90 +0.4–2 ms, p99
   * +1.1–5.7 ms, the p99 being the fifth-slowest of ~450 requests). A raw-socket Python client
   * against the same simulator in its own process sees the same: TTFT +0.6/+2.2/+1.3 ms and ITL
   * +0.0/+0.0/+0.9 ms at p50/p90/p99; hence ITL and TPOT are held to 1 ms at p50 and p90 and to 2
   * ms at p99.
   */
  private static final Map<Double, Double> TTFT_TRIP_MS = Map.of(50.0, 1.0, 90.0, 2.5, 99.0, 10.0);

  @TempDir static Path dir;
  static int exitCode;
  static Path runDir;
  static JsonNode summary;
  static List<String> blocked;

  @BeforeAll
  static void runDemo() throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, PLAN);
    try (BlockedThreadWatch watch = BlockedThreadWatch.install()) {
      exitCode =
          Main.execute(
              "demo",
              "--plan",
              plan.toString(),
              "--out",
              dir.resolve("runs").toString(),
              "--port",
              "0",
              "--sim-log",
              dir.resolve("sim.jsonl").toString(),
              "--preset",
              "fast");
      blocked = watch.warnings();
    }
    try (var runs = Files.list(dir.resolve("runs"))) {
      runDir = runs.findFirst().orElseThrow();
    }
    summary = JSON.readTree(runDir.resolve("summary.json").toFile());
  }

  @Test
  void demoPassesAndWritesTheRunDirectory() {
    assertThat(exitCode).isZero();
    assertThat(runDir.resolve("plan.yaml")).exists();
    assertThat(runDir.resolve("run.json")).exists();
    assertThat(runDir.resolve("histograms.hlog")).exists();
    assertThat(summary.path("status").asText()).isEqualTo("completed");
    assertThat(Schemas.violations(Schemas.SUMMARY, summary.toString())).isEmpty();
    assertThat(Schemas.violations(Schemas.PLAN, PLAN)).isEmpty();
    assertThat(blocked).as("Vert.x blocked-thread warnings").isEmpty();
  }

  @Test
  void countsEqualTheSimulatorsRecord() throws Exception {
    ServerRecord server = ServerRecord.of(measured());
    long ok = 0;
    long tokens = 0;
    for (JsonNode stage : summary.path("stages")) {
      ok += stage.path("all").path("requests").path("ok").asLong();
      tokens += stage.path("all").path("outputTokens").asLong();
      assertThat(stage.path("all").path("requests").path("failed").asLong()).isZero();
    }
    assertThat(ok).isEqualTo(server.requests()).isGreaterThan(10);
    assertThat(tokens).isEqualTo(server.tokens());
  }

  @Test
  void latenciesAgreeWithTheSimulatorsEmissionTimesWithinOneMillisecond() throws Exception {
    long oneFromUs = startUs() + 8_000_000;
    long oneToUs = oneFromUs + 8_000_000;
    ServerRecord server =
        ServerRecord.of(
            measured().stream()
                .filter(e -> e.arrivalUs() >= oneFromUs && e.arrivalUs() < oneToUs)
                .toList());
    Map<String, Histogram> client = readLog(runDir.resolve("histograms.hlog"));
    client.keySet().removeIf(tag -> !tag.contains("/one/"));
    Histogram ttft = sum(client, "ttft/");
    Histogram itl = sum(client, "itl/");
    Histogram tpot = sum(client, "tpot/");
    assertThat(ttft.getTotalCount()).isGreaterThan(100);
    for (double p : new double[] {50, 90, 99}) {
      System.out.printf(
          java.util.Locale.ROOT,
          "p%.0f client/server ms: TTFT %.3f/%.3f ITL %.3f/%.3f TPOT %.3f/%.3f%n",
          p,
          ttft.getValueAtPercentile(p) / 1000.0,
          server.ttft().getValueAtPercentile(p) / 1000.0,
          itl.getValueAtPercentile(p) / 1000.0,
          server.itl().getValueAtPercentile(p) / 1000.0,
          tpot.getValueAtPercentile(p) / 1000.0,
          server.tpot().getValueAtPercentile(p) / 1000.0);
      double tolerance = p < 99 ? 1.0 : 2.0;
      assertThat(itl.getValueAtPercentile(p) / 1000.0)
          .as("ITL p%s ms", p)
          .isCloseTo(server.itl().getValueAtPercentile(p) / 1000.0, within(tolerance));
      assertThat(tpot.getValueAtPercentile(p) / 1000.0)
          .as("TPOT p%s ms", p)
          .isCloseTo(server.tpot().getValueAtPercentile(p) / 1000.0, within(tolerance));
      // the client's TTFT holds the server's plus the request's and the first chunk's trips: never
      // less (the client would be under-reporting), and no more than those trips cost here
      double clientTtft = ttft.getValueAtPercentile(p) / 1000.0;
      double serverTtft = server.ttft().getValueAtPercentile(p) / 1000.0;
      assertThat(clientTtft).as("TTFT p%s ms", p).isGreaterThanOrEqualTo(serverTtft - 0.05);
      assertThat(clientTtft - serverTtft)
          .as("TTFT p%s ms over the server's", p)
          .isLessThanOrEqualTo(TTFT_TRIP_MS.get(p));
    }
    // the server's window is cut by arrival time, the client's stages by intended send time: each
    // of
    // the warm stage's 4 users may have one request sent just before the boundary arrive after it
    assertThat(ttft.getTotalCount()).isCloseTo(server.ttft().getTotalCount(), within(4L));
  }

  @Test
  void summaryPercentilesEqualHdrHistogramsOwnLogReader() throws Exception {
    Map<String, Histogram> byTag = readLog(runDir.resolve("histograms.hlog"));
    int compared = 0;
    for (JsonNode stage : summary.path("stages")) {
      for (JsonNode row : stage.path("models")) {
        var fields = row.path("latency").fields();
        while (fields.hasNext()) {
          var metric = fields.next();
          Histogram h =
              byTag.get(
                  metric.getKey()
                      + "/"
                      + stage.path("name").asText()
                      + "/"
                      + row.path("model").asText());
          if (metric.getValue().path("count").asLong() == 0) {
            assertThat(h).isNull();
            continue;
          }
          assertThat(h.getTotalCount()).isEqualTo(metric.getValue().path("count").asLong());
          // HdrHistogram's value at a percentile, never above the exact max (summary.json's
          // definition: a bucket's top can lie above the highest value recorded in it)
          long maxUs = Math.round(metric.getValue().path("max").asDouble() * 1e6);
          assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(maxUs);
          assertThat(metric.getValue().path("p50").asDouble())
              .isEqualTo(Math.min(h.getValueAtPercentile(50), maxUs) / 1e6);
          assertThat(metric.getValue().path("p90").asDouble())
              .isEqualTo(Math.min(h.getValueAtPercentile(90), maxUs) / 1e6);
          assertThat(metric.getValue().path("p99").asDouble())
              .isEqualTo(Math.min(h.getValueAtPercentile(99), maxUs) / 1e6);
          assertThat(metric.getValue().path("p999").asDouble())
              .isEqualTo(Math.min(h.getValueAtPercentile(99.9), maxUs) / 1e6);
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(18);
  }

  @Test
  void hdrHistogramLogProcessorReadsTheLog() throws Exception {
    Path out = dir.resolve("processed");
    new HistogramLogProcessor(
            new String[] {
              "-i",
              runDir.resolve("histograms.hlog").toString(),
              "-o",
              out.toString(),
              "-tag",
              "e2e/two/llama-2-7b"
            })
        .run();
    String hgrm = Files.readString(Path.of(out + ".hgrm"));
    long expected =
        summary
            .path("stages")
            .get(2)
            .path("models")
            .get(0)
            .path("latency")
            .path("e2e")
            .path("count")
            .asLong();
    assertThat(expected).isPositive();
    assertThat(hgrm).containsPattern("Total count\\s+=\\s+" + expected + "\\]");
  }

  /** The simulator's record of every request after the warmup requests. */
  private static List<RequestLogEntry> measured() throws Exception {
    long startUs = startUs();
    return RequestLogReader.read(dir.resolve("sim.jsonl")).stream()
        .filter(e -> e.arrivalUs() >= startUs - 2_000)
        .toList();
  }

  private static long startUs() throws Exception {
    JsonNode run = JSON.readTree(runDir.resolve("run.json").toFile());
    Instant start = Instant.parse(run.path("startedAt").asText());
    return start.getEpochSecond() * 1_000_000 + start.getNano() / 1000;
  }

  private static Histogram sum(Map<String, Histogram> byTag, String prefix) {
    Histogram total = Histograms.newHistogram();
    byTag.forEach(
        (tag, h) -> {
          if (tag.startsWith(prefix)) {
            total.add(h);
          }
        });
    return total;
  }

  static Map<String, Histogram> readLog(Path hlog) throws Exception {
    Map<String, Histogram> byTag = new HashMap<>();
    HistogramLogReader reader = new HistogramLogReader(new File(hlog.toString()));
    EncodableHistogram h;
    while ((h = reader.nextIntervalHistogram()) != null) {
      byTag.computeIfAbsent(h.getTag(), t -> Histograms.newHistogram()).add((Histogram) h);
    }
    reader.close();
    return byTag;
  }
}
