package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Generation;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workloads' own numbers, checked against the simulator's record of what it served: a reasoning
 * model's reasoning and answer tokens and the times to each, and a prefix cache's cached tokens,
 * hit ratio, and the TTFT a hit saves.
 */
class WorkloadNumbersIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One token every 10 ms whatever the batch, no prefill: the timing's ground truth. */
  private static final GpuPreset TIMED =
      new GpuPreset("timed-10ms", 16, Duration.ofMillis(10), Duration.ZERO, Duration.ZERO);

  static Vertx vertx;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private Simulator simulator(SimulatorConfig config, Path log) {
    return Simulator.start(vertx, config.withEphemeralPorts().withRequestLog(log)).await();
  }

  private static long sum(
      List<RequestLogEntry> served, java.util.function.ToIntFunction<RequestLogEntry> f) {
    return served.stream().mapToLong(f::applyAsInt).sum();
  }

  @Test
  void aReasoningModelsTokensAndTimesAreTheSimulators() throws Exception {
    for (Generation.ReasoningFormat format : Generation.ReasoningFormat.values()) {
      Path log = dir.resolve("reasoning-" + format.wire() + ".jsonl");
      Simulator sim =
          simulator(
              SimulatorConfig.defaults()
                  .withPreset(TIMED)
                  .withGeneration(new Generation(0.5, format, 0)),
              log);
      PlanRuns.Result run;
      try {
        run =
            PlanRuns.run(
                dir,
                """
                name: reasoning
                target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
                models: [llama-2-7b]
                maxTokens: 16
                load: {mode: closed, count: {requests: 24, users: 2}}
                """
                    .formatted(sim.port()));
      } finally {
        sim.close().await();
      }
      assertThat(run.exit()).as(run.output()).isZero();
      List<RequestLogEntry> served = RequestLogReader.read(log);
      JsonNode all = run.summary().at("/stages/0/all");
      assertThat(served).hasSize(24);
      assertThat(all.at("/requests/ok").asLong()).isEqualTo(24);
      // 8 of each 16 tokens reasoned, counted by the server (field) or from the span's chunks
      assertThat(sum(served, RequestLogEntry::reasoningTokens)).isEqualTo(24 * 8);
      assertThat(all.at("/reasoningTokens").asLong())
          .as(format.wire())
          .isEqualTo(sum(served, RequestLogEntry::reasoningTokens));
      assertThat(all.at("/outputTokens").asLong())
          .isEqualTo(sum(served, RequestLogEntry::completionTokens));
      JsonNode latency = all.at("/latency");
      for (String metric : List.of("ttfr", "ttfa", "answer_tpot")) {
        assertThat(latency.at("/" + metric + "/count").asLong()).as(metric).isEqualTo(24);
      }
      // the answer's first token comes 8 steps of 10 ms after the reasoning's; the answer's pace
      // is one step
      double ttfrMs = latency.at("/ttfr/p50").asDouble() * 1000;
      double ttfaMs = latency.at("/ttfa/p50").asDouble() * 1000;
      assertThat(ttfaMs - ttfrMs).as(format.wire()).isCloseTo(80, within(4.0));
      assertThat(latency.at("/answer_tpot/p50").asDouble() * 1000).isCloseTo(10, within(1.5));
      assertThat(latency.at("/ttft/p50").asDouble()).isEqualTo(latency.at("/ttfr/p50").asDouble());
      // the report shows them
      String report = Files.readString(run.runDir().resolve("report.html"));
      assertThat(report)
          .contains("<h2>Reasoning and prefix cache</h2>")
          .containsPattern(
              "data-k=\""
                  + run.summary().at("/stages/0/name").asText()
                  + "/llama-2-7b/reasoningTokens\"[^>]*>"
                  + (24 * 8)
                  + "</td>");
    }
  }

  @Test
  void cachedTokensAndTheHitRatioAreTheServersAndAHitSavesItsPrefill() throws Exception {
    Path log = dir.resolve("prefix.jsonl");
    // llama-7b-1gpu: 100 µs of prefill per prompt token
    Simulator sim =
        simulator(
            SimulatorConfig.defaults()
                .withGeneration(new Generation(0, Generation.ReasoningFormat.FIELD, 1 << 20)),
            log);
    PlanRuns.Result run;
    try {
      run =
          PlanRuns.run(
              dir,
              """
              name: prefixes
              target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
              models: [llama-2-7b]
              maxTokens: 2
              requestLog: true
              dataset:
                synthetic:
                  inputTokens: 32
                  sharedPrefix: {groups: 3, tokens: 800, weights: [2, 1, 1]}
              load: {mode: closed, count: {requests: 30, users: 1}}
              """
                  .formatted(sim.port()));
    } finally {
      sim.close().await();
    }
    assertThat(run.exit()).as(run.output()).isZero();
    List<RequestLogEntry> served = RequestLogReader.read(log);
    assertThat(served).hasSize(30);
    JsonNode all = run.summary().at("/stages/0/all");
    long cached = sum(served, RequestLogEntry::cachedTokens);
    long prompt = sum(served, RequestLogEntry::promptTokens);
    assertThat(all.at("/cachedTokens").asLong()).isEqualTo(cached);
    assertThat(all.at("/promptTokens").asLong()).isEqualTo(prompt);
    assertThat(all.at("/cacheHitRatio").asDouble())
        .isCloseTo((double) cached / prompt, within(1e-9));
    // every prompt is 832 tokens; a group's first is a miss, every later one hits its 800-token
    // prefix: 50 whole blocks
    assertThat(served).allSatisfy(e -> assertThat(e.promptTokens()).isEqualTo(832));
    assertThat(served).allSatisfy(e -> assertThat(e.cachedTokens()).isIn(0, 800));
    long misses = served.stream().filter(e -> e.cachedTokens() == 0).count();
    assertThat(misses).as("one miss per group drawn").isBetween(1L, 3L);

    // the agent's own TTFT of each request (one user: the same order as the server's log)
    Path requests;
    try (var files = Files.list(run.runDir())) {
      requests =
          files.filter(p -> p.toString().endsWith("-requests.jsonl")).findFirst().orElseThrow();
    }
    List<JsonNode> mine =
        Files.readAllLines(requests).stream().map(WorkloadNumbersIT::json).toList();
    assertThat(mine).hasSize(30);
    double missMs = 0;
    double hitMs = 0;
    for (int i = 0; i < 30; i++) {
      double ttftMs = mine.get(i).get("ttftUs").asLong() / 1000.0;
      if (served.get(i).cachedTokens() == 0) {
        missMs += ttftMs / misses;
      } else {
        hitMs += ttftMs / (30 - misses);
      }
    }
    // a hit skips 800 tokens × 100 µs of prefill: 80 ms less TTFT, as the agent measured it
    assertThat(missMs - hitMs).isCloseTo(80, within(8.0));
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
