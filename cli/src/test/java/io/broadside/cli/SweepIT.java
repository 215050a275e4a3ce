package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A concurrency sweep against a simulated GPU that batches 20 sequences: one summary row per level
 * (warmups left out), throughput that grows until the batch is full and then flattens, and the knee
 * marked at the batch's capacity.
 */
@ExtendWith(NoBlockedEventLoops.class)
class SweepIT {
  private static final String PLAN =
      """
      name: sweep
      target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
      models: [llama-2-7b]
      dataset: {synthetic: {inputTokens: 16}, seed: 3}
      maxTokens: 32
      load:
        mode: closed
        sweep: {users: [4, 8, 16, 24, 32], duration: 2s, warmup: 500ms}
      """;

  @TempDir Path dir;
  Vertx vertx;
  Simulator sim;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    // 2 ms + 0.1 ms per sequence per step, 20 sequences at most: tokens/s flatten from 20 users
    GpuPreset gpu =
        new GpuPreset(
            "batch-20", 20, Duration.ofMillis(2), Duration.ofNanos(100_000), Duration.ZERO);
    sim =
        Simulator.start(vertx, SimulatorConfig.defaults().withPreset(gpu).withEphemeralPorts())
            .await();
  }

  @AfterEach
  void stop() {
    sim.close().await();
    vertx.close().await();
  }

  @Test
  void theSweepReportsEachLevelAndMarksTheKneeAtTheBatchCapacity() throws Exception {
    PlanRuns.Result r = PlanRuns.run(dir, PLAN.formatted(sim.port()));
    assertThat(r.exit()).isZero();
    String output = r.output();
    JsonNode summary = r.summary();
    List<String> stages = new ArrayList<>();
    summary.path("stages").forEach(s -> stages.add(s.path("name").asText()));
    assertThat(stages).containsExactly("users-4", "users-8", "users-16", "users-24", "users-32");

    JsonNode sweep = summary.path("sweep");
    assertThat(sweep.path("throughput").asText()).isEqualTo("outputTokensPerS");
    JsonNode levels = sweep.path("levels");
    double[] tokens = new double[5];
    for (int i = 0; i < 5; i++) {
      tokens[i] = levels.get(i).path("outputTokensPerS").asDouble();
    }
    // below the batch capacity throughput grows with users; past it, it stays flat
    assertThat(tokens[1]).isGreaterThan(tokens[0] * 1.4);
    assertThat(tokens[2]).isGreaterThan(tokens[1] * 1.3);
    assertThat(tokens[4]).isBetween(tokens[3] * 0.9, tokens[3] * 1.1);
    assertThat(levels.get(3).path("gainToNext").asDouble()).isLessThan(0.2);
    assertThat(levels.get(4).path("gainToNext").isNull()).isTrue();
    // the knee: at the batch's 20 sequences, between 16 and 24 users
    assertThat(sweep.path("knee").asText()).isIn("users-16", "users-24");
    assertThat(output)
        .contains("sweep: throughput stops growing at " + sweep.path("knee").asText())
        .contains(sweep.path("knee").asText() + " *");
  }
}
