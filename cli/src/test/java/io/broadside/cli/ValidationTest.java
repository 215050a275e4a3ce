package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.Faults;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogReader;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation before measuring: each model answers one request that must pass the plan's checks; a
 * model that fails stops the run (exit 3) naming it and why, and a passing validation is left out
 * of the results.
 */
@ExtendWith(NoBlockedEventLoops.class)
class ValidationTest {
  private static final String PLAN =
      """
      name: validated
      target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
      models: [llama-2-7b, mistral-7b]
      maxTokens: 4
      load: {mode: closed, count: {requests: 10, users: 2}}
      warmup: {validate: %s}
      """;

  @TempDir Path dir;
  Vertx vertx = Vertx.vertx();
  Simulator sim;
  String printed;
  com.fasterxml.jackson.databind.JsonNode summary;

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private void simulator(Faults faults) {
    sim =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults()
                    .withPreset(GpuPreset.FAST)
                    .withModels(List.of("llama-2-7b", "mistral-7b"))
                    .withFaults(Family.OPENAI, faults)
                    .withRequestLog(dir.resolve("sim.jsonl"))
                    .withEphemeralPorts())
            .await();
  }

  @Test
  void aPassingValidationIsLeftOutOfTheResults() throws Exception {
    simulator(Faults.NONE);
    assertThat(run("{minOutputTokens: 4, maxOutputTokens: 4}")).isZero();
    assertThat(summary.at("/stages/0/all/requests/ok").asLong()).isEqualTo(10);
    Thread.sleep(200);
    // one validation request per model, then exactly the count
    assertThat(RequestLogReader.read(dir.resolve("sim.jsonl"))).hasSize(2 + 10);
  }

  @Test
  void aModelThatFailsStopsTheRunNamingIt() throws Exception {
    simulator(new Faults(1.0, 0, 0, 0, 0));
    assertThat(run("true")).isEqualTo(3);
    assertThat(printed).contains("model llama-2-7b failed validation: http_500");
  }

  @Test
  void tooManyTokensFailValidation() throws Exception {
    simulator(Faults.NONE);
    assertThat(run("{maxOutputTokens: 2}")).isEqualTo(3);
    assertThat(printed)
        .contains("model llama-2-7b failed validation: answered with 4 output tokens, more than 2");
  }

  private int run(String validate) throws Exception {
    PlanRuns.Result r = PlanRuns.run(dir, PLAN.formatted(sim.port(), validate));
    printed = r.output();
    summary = r.summary();
    return r.exit();
  }
}
