package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.histogram.Histograms;
import io.broadside.simulator.RequestLogEntry;
import io.broadside.simulator.RequestLogReader;
import io.broadside.testing.BlockedThreadWatch;
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
 * readers run over histograms.hlog.
 */
class DemoNumbersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLAN =
      """
      name: uncontended
      target: {protocol: openai-chat, url: http://127.0.0.1:1, stream: true, timeout: 10s}
      models: [llama-2-7b]
      dataset: {synthetic: {inputTokens: 64}, seed: 3}
      maxTokens: 24
      load:
        mode: closed
        stages:
          - {name: one, duration: 3s, users: 1}
          - {name: two, duration: 3s, users: 2}
      warmup: {requests: 3}
      slo: {ttft: 1s}
      """;

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
              dir.resolve("sim.jsonl").toString());
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
    ServerRecord server = ServerRecord.of(measured());
    Map<String, Histogram> client = readLog(runDir.resolve("histograms.hlog"));
    Histogram ttft = sum(client, "ttft/");
    Histogram itl = sum(client, "itl/");
    Histogram tpot = sum(client, "tpot/");
    for (double p : new double[] {50, 90, 99}) {
      assertThat(ttft.getValueAtPercentile(p) / 1000.0)
          .as("TTFT p%s ms", p)
          .isCloseTo(server.ttft().getValueAtPercentile(p) / 1000.0, within(1.0));
      assertThat(itl.getValueAtPercentile(p) / 1000.0)
          .as("ITL p%s ms", p)
          .isCloseTo(server.itl().getValueAtPercentile(p) / 1000.0, within(1.0));
      assertThat(tpot.getValueAtPercentile(p) / 1000.0)
          .as("TPOT p%s ms", p)
          .isCloseTo(server.tpot().getValueAtPercentile(p) / 1000.0, within(1.0));
    }
    assertThat(ttft.getTotalCount()).isEqualTo(server.ttft().getTotalCount());
    assertThat(itl.getTotalCount()).isEqualTo(server.itl().getTotalCount());
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
          assertThat(metric.getValue().path("p50").asDouble())
              .isEqualTo(h.getValueAtPercentile(50) / 1e6);
          assertThat(metric.getValue().path("p90").asDouble())
              .isEqualTo(h.getValueAtPercentile(90) / 1e6);
          assertThat(metric.getValue().path("p99").asDouble())
              .isEqualTo(h.getValueAtPercentile(99) / 1e6);
          assertThat(metric.getValue().path("p999").asDouble())
              .isEqualTo(h.getValueAtPercentile(99.9) / 1e6);
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(12);
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
            .get(1)
            .path("models")
            .get(0)
            .path("latency")
            .path("e2e")
            .path("count")
            .asLong();
    assertThat(expected).isPositive();
    assertThat(hgrm).containsPattern("Total count\\s+=\\s+" + expected + "\\]");
  }

  private static List<RequestLogEntry> measured() throws Exception {
    JsonNode run = JSON.readTree(runDir.resolve("run.json").toFile());
    long startUs = Instant.parse(run.path("startedAt").asText()).toEpochMilli() * 1000;
    return RequestLogReader.read(dir.resolve("sim.jsonl")).stream()
        .filter(e -> e.arrivalUs() >= startUs - 2_000)
        .toList();
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
