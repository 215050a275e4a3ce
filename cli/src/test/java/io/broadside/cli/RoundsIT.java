package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
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
 * Multi-model rounds as in the OpenShift AI study: two instances each of two models on one
 * simulated GPU host, over TGIS and over Caikit, queried concurrently and then each alone. Sharing
 * the GPU, every model is slower per token together than alone, and the summary says by how much.
 */
@ExtendWith(NoBlockedEventLoops.class)
class RoundsIT {
  private static final List<String> MODELS =
      List.of("granite-3b-1", "granite-3b-2", "llama-2-7b-1", "llama-2-7b-2");
  private static final String PLAN =
      """
      name: rounds
      target: {name: host, protocol: %s, url: http://127.0.0.1:%d, stream: true}
      models: [%s]
      dataset: {synthetic: {inputTokens: 16}, seed: 3}
      maxTokens: 24
      load: {mode: closed, rounds: {users: 2, duration: %s, warmup: 200ms}}
      """;

  @TempDir Path dir;
  Vertx vertx;
  Simulator sim;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    // a step costs 2 ms plus 0.4 ms per sequence: eight sequences at once slow every token
    GpuPreset gpu =
        new GpuPreset("host", 16, Duration.ofMillis(2), Duration.ofNanos(400_000), Duration.ZERO);
    SimulatorConfig config =
        SimulatorConfig.defaults().withPreset(gpu).withModels(MODELS).withFamily(Family.GRPC, 0);
    sim = Simulator.start(vertx, config.withEphemeralPorts()).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void overTgisEachModelIsSlowerTogetherThanAlone() throws Exception {
    JsonNode summary = run("tgis", MODELS, "1500ms");
    List<String> stages = new ArrayList<>();
    summary.path("stages").forEach(s -> stages.add(s.path("name").asText()));
    assertThat(stages)
        .containsExactly(
            "concurrent",
            "alone-granite-3b-1",
            "alone-granite-3b-2",
            "alone-llama-2-7b-1",
            "alone-llama-2-7b-2");
    JsonNode rounds = summary.path("rounds");
    assertThat(rounds).hasSize(4);
    for (JsonNode r : rounds) {
      // 8 sequences at once: 5.2 ms a step; 2 alone: 2.8 ms
      assertThat(r.at("/change/tpotP50").asDouble()).as(r.toString()).isBetween(0.4, 1.3);
      assertThat(r.at("/change/outputTokensPerS").asDouble()).as(r.toString()).isNegative();
      assertThat(r.at("/alone/tpotP50").asDouble()).isBetween(0.0025, 0.0040);
    }
    // in the concurrent round every model had its share of the requests
    JsonNode concurrent = summary.path("stages").get(0);
    long all = concurrent.at("/all/requests/ok").asLong();
    for (JsonNode m : concurrent.path("models")) {
      assertThat(m.at("/requests/ok").asLong()).isBetween(all / 4 - all / 10, all / 4 + all / 10);
    }
  }

  @Test
  void overCaikitTheSameComparison() throws Exception {
    JsonNode rounds = run("caikit", MODELS.subList(0, 2), "1s").path("rounds");
    assertThat(rounds).hasSize(2);
    for (JsonNode r : rounds) {
      assertThat(r.at("/change/tpotP50").asDouble()).as(r.toString()).isPositive();
    }
  }

  private JsonNode run(String protocol, List<String> models, String duration) throws Exception {
    PlanRuns.Result r =
        PlanRuns.run(
            dir,
            PLAN.formatted(protocol, sim.port(Family.GRPC), String.join(", ", models), duration));
    assertThat(r.exit()).isZero();
    assertThat(r.output()).contains("rounds: ");
    return r.summary();
  }
}
