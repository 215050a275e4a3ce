package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.testing.DebianTools;
import io.broadside.testing.NoBlockedEventLoops;
import io.broadside.testing.PrometheusProcess;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Utilization-aware load against a real Prometheus scraping the simulator's DCGM gauge every
 * second: a GPU that serves one sequence at a time (so busy time adds up, and users do not hide in
 * each other's batches), and users who think 400 ms between requests of ~70 ms of GPU work, keep it
 * busy about 14% of the time per user, so 60% ± 8 holds at about 4 users. The run starts at 1 user,
 * scales towards the target, holds it for two steps and completes with the users and throughput at
 * which it held.
 */
@ExtendWith(NoBlockedEventLoops.class)
class FeedbackIT {
  private static final String PLAN =
      """
      name: gpu-util-60
      target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
      models: [llama-2-7b]
      dataset: {synthetic: {inputTokens: 16}, seed: 3}
      maxTokens: 32
      load:
        mode: closed
        thinkTime: 400ms
        feedback:
          prometheus: %s
          query: avg_over_time(DCGM_FI_DEV_GPU_UTIL[${duration}])
          target: 60
          tolerance: 8
          users: {from: 1, max: 16}
          duration: 3s
          warmup: 1s
          steps: 6
          hold: 2
      """;

  @TempDir Path dir;
  Vertx vertx = Vertx.vertx();
  PrometheusProcess prom;

  @AfterEach
  void stop() {
    if (prom != null) {
      prom.close();
    }
    vertx.close().await();
  }

  @Test
  void theUsersSettleWhereTheGpuGaugeHoldsItsTarget() throws Exception {
    Path binary = DebianTools.require("prometheus");
    GpuPreset gpu =
        new GpuPreset("serial", 1, Duration.ofMillis(2), Duration.ofNanos(100_000), Duration.ZERO);
    Simulator sim =
        Simulator.start(vertx, SimulatorConfig.defaults().withPreset(gpu).withEphemeralPorts())
            .await();
    prom =
        PrometheusProcess.start(
            binary, dir.resolve("prom"), Map.of("simulator", "127.0.0.1:" + sim.port()), false);
    prom.await("up{job=\"simulator\"} == 1", Duration.ofSeconds(15));

    PlanRuns.Result r = PlanRuns.run(dir, PLAN.formatted(sim.port(), prom.base()));
    assertThat(r.exit()).isEqualTo(0);
    JsonNode search = r.summary().path("search");
    assertThat(search.path("kind").asText()).isEqualTo("feedback");
    JsonNode steps = search.path("steps");
    assertThat(steps.get(0).path("users").asInt()).isEqualTo(1);
    // one user alone is far below the target: the loop raised the users
    assertThat(steps.get(0).path("value").asDouble()).isBetween(8.0, 30.0);
    assertThat(steps.get(1).path("users").asInt()).isGreaterThan(1);
    // it ended because two steps in a row held at the same users, before its six steps ran out
    int n = steps.size();
    assertThat(n).isLessThan(6);
    JsonNode last = steps.get(n - 1);
    JsonNode before = steps.get(n - 2);
    assertThat(last.path("held").asBoolean()).isTrue();
    assertThat(before.path("held").asBoolean()).isTrue();
    assertThat(last.path("users").asInt()).isEqualTo(before.path("users").asInt()).isBetween(3, 6);
    JsonNode chosen = search.path("chosen");
    assertThat(chosen.path("value").asDouble()).isBetween(52.0, 68.0);
    assertThat(chosen.path("requestsPerS").asDouble()).isPositive();
    assertThat(search.path("verdict").asText())
        .startsWith("held avg_over_time(")
        .contains(" users: ");
    assertThat(r.summary().path("status").asText()).isEqualTo("completed");
  }
}
