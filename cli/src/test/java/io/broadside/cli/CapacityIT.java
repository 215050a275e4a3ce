package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.ModelHosting;
import io.broadside.simulator.config.SageMakerConfig;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.testing.DebianTools;
import io.broadside.testing.NoBlockedEventLoops;
import io.broadside.testing.PrometheusProcess;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SageMaker multi-model endpoint's capacity: 12 GB of GPU memory for models of 2 GB, so 6 fit.
 * Model copies are invoked one by one until the memory reading (DCGM gauges through a real
 * Prometheus) reaches its limit, or, with no limit, until adding one more unloads one already
 * loaded; then the models that fit take a random mix.
 */
@ExtendWith(NoBlockedEventLoops.class)
class CapacityIT {
  private static final String PLAN =
      """
      name: mme-capacity
      target:
        protocol: sagemaker
        url: http://127.0.0.1:%d
        stream: false
        timeout: 5s
        auth: {sigv4: {region: us-east-1}}
        sagemaker: {endpoint: mme, route: target-model, coldStartAbove: 200ms}
      models: {prefix: model-, suffix: .tar.gz, start: 0, count: 10}
      dataset: {synthetic: {inputTokens: 16}, seed: 7}
      maxTokens: 8
      load:
        mode: closed
        capacity:
          users: 2
          step: 1s
          warmup: 1s
          %s
          mix: {users: 4, duration: 2s}
      """;

  @TempDir Path dir;
  Vertx vertx;
  Simulator sim;

  @BeforeEach
  void start() {
    System.setProperty("aws.accessKeyId", "AKIDBROADSIDEMME");
    System.setProperty("aws.secretAccessKey", "mme-test-secret");
    vertx = Vertx.vertx();
    sim =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults()
                    .withFamily(Family.SAGEMAKER, 0)
                    .withEphemeralPorts()
                    .withPreset(GpuPreset.FAST)
                    .withModels(
                        IntStream.range(0, 10).mapToObj(i -> "model-" + i + ".tar.gz").toList())
                    .withSageMaker(
                        new SageMakerConfig(
                            "mme", "us-east-1", "AKIDBROADSIDEMME", "mme-test-secret"))
                    .withHosting(
                        new ModelHosting(
                            12,
                            2,
                            // loads of 400-600 ms, well clear of the 200 ms a warm answer must
                            // beat: a warm one slowed by a GC pause on a busy 2-core machine
                            // reached 80 ms, which read as an unload and ended the search early
                            Duration.ofMillis(400),
                            Duration.ofMillis(600),
                            Duration.ofSeconds(2))))
            .await();
  }

  @AfterEach
  void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    vertx.close().await();
  }

  private static List<Integer> models(JsonNode search) {
    List<Integer> out = new ArrayList<>();
    search.path("steps").forEach(s -> out.add(s.path("models").asInt()));
    return out;
  }

  @Test
  void theFirstUnloadEndsTheSearchAndTheModelsThatFitTakeTheMix() throws Exception {
    PlanRuns.Result r = PlanRuns.run(dir, PLAN.formatted(sim.port(Family.SAGEMAKER), ""));
    assertThat(r.exit()).isEqualTo(0);
    JsonNode search = r.summary().path("search");
    assertThat(search.path("kind").asText()).isEqualTo("capacity");
    // six copies held; the seventh evicted one already loaded, which then answered cold
    assertThat(models(search)).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(search.at("/steps/5/held").asBoolean()).isTrue();
    assertThat(search.at("/steps/6/held").asBoolean()).isFalse();
    assertThat(search.at("/chosen/models").asInt()).isEqualTo(6);
    assertThat(search.path("verdict").asText())
        .startsWith("6 models fit: adding model-6.tar.gz unloaded a model already loaded");
    JsonNode mix = null;
    for (JsonNode stage : r.summary().path("stages")) {
      if (stage.path("name").asText().equals("mix")) {
        mix = stage;
      }
    }
    assertThat(mix).as("the mix ran").isNotNull();
    // the mix went to the six that fit, and to no other
    List<String> mixed = new ArrayList<>();
    mix.path("models")
        .forEach(
            m -> {
              if (m.at("/requests/ok").asLong() > 0) {
                mixed.add(m.path("model").asText());
              }
            });
    assertThat(mixed)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 6).mapToObj(i -> "model-" + i + ".tar.gz").toList());
    assertThat(mix.at("/all/requests/failed").asLong()).isZero();
    assertThat(r.summary().path("status").asText()).isEqualTo("completed");
  }

  @Test
  void aMemoryHookRunsOnlyWhereHooksAreAllowed() throws Exception {
    String memory = "memory: {hook: [sh, -c, 'echo 0.95 of the memory'], limit: 0.9}";
    String plan = PLAN.formatted(sim.port(Family.SAGEMAKER), memory);
    PlanRuns.Result refused = PlanRuns.run(dir, plan);
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.output())
        .contains("$.load.capacity.memory.hook: this coordinator does not run commands");
    PlanRuns.Result r = PlanRuns.run(dir, plan, "--allow-hooks");
    assertThat(r.exit()).isEqualTo(0);
    JsonNode search = r.summary().path("search");
    // the first copy already reads 0.95: one fits
    assertThat(models(search)).containsExactly(1);
    assertThat(search.at("/steps/0/value").asDouble()).isEqualTo(0.95);
    assertThat(search.path("verdict").asText()).startsWith("1 models fit: memory read 0.95");
  }

  @Test
  void aMemoryLimitReadThroughPrometheusEndsTheSearch() throws Exception {
    Path binary = DebianTools.require("prometheus");
    Simulator metrics = sim; // the DCGM gauges are served on the simulator's OpenAI port
    try (PrometheusProcess prom =
        PrometheusProcess.start(
            binary,
            dir.resolve("prom"),
            Map.of("simulator", "127.0.0.1:" + metrics.port(Family.OPENAI)),
            false)) {
      prom.await("up{job=\"simulator\"} == 1", Duration.ofSeconds(15));
      String memory =
          "memory: {prometheus: %s, query: 'max(DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED +"
                  .formatted(prom.base())
              + " DCGM_FI_DEV_FB_FREE))', limit: 0.6}";
      PlanRuns.Result r = PlanRuns.run(dir, PLAN.formatted(sim.port(Family.SAGEMAKER), memory));
      assertThat(r.exit()).isEqualTo(0);
      JsonNode search = r.summary().path("search");
      // 3 models take 6 GB of 12 (0.5 and a little for the KV cache); the fourth reaches 8 GB
      assertThat(models(search)).containsExactly(1, 2, 3, 4);
      assertThat(search.at("/steps/2/value").asDouble()).isBetween(0.5, 0.6);
      assertThat(search.at("/steps/3/value").asDouble()).isBetween(0.66, 0.75);
      assertThat(search.at("/chosen/models").asInt()).isEqualTo(4);
      assertThat(search.path("verdict").asText())
          .startsWith("4 models fit: memory read 0.6")
          .contains("at or over the limit 0.6");
    }
  }
}
