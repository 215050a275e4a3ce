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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run ends when it should: streams that would last a minute, in flight when a 2 s stage ends, get
 * the plan's gracefulStop (1 s), then are cut and counted as interrupted, not failed; the run
 * completes seconds after its end, not when the streams would have.
 */
@ExtendWith(NoBlockedEventLoops.class)
class GracefulStopIT {
  /** 100 ms per decode step: 600 tokens take a minute. */
  private static final GpuPreset SLOW =
      new GpuPreset("slow", 16, Duration.ofMillis(100), Duration.ZERO, Duration.ZERO);

  private static final String PLAN =
      """
      name: long-streams
      target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true, timeout: 120s}
      models: [llama-2-7b]
      maxTokens: 600
      dataset: {synthetic: {inputTokens: 8, outputTokensMin: 600, outputTokensMax: 600}}
      load:
        mode: closed
        gracefulStop: 1s
        stages: [{name: short, duration: 2s, users: 4}]
      """;

  @TempDir Path dir;
  Vertx vertx;
  Simulator sim;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    sim =
        Simulator.start(vertx, SimulatorConfig.defaults().withPreset(SLOW).withEphemeralPorts())
            .await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void requestsInFlightAtTheEndAreCutAfterTheGracefulStopAndCountedInterrupted() throws Exception {
    long started = System.nanoTime();
    PlanRuns.Result r = PlanRuns.run(dir, PLAN.formatted(sim.port()));
    double tookS = (System.nanoTime() - started) / 1e9;

    assertThat(r.exit()).as(r.output()).isZero();
    JsonNode requests = r.summary().at("/stages/0/all/requests");
    assertThat(requests.path("interrupted").asLong()).isEqualTo(4);
    assertThat(requests.path("ok").asLong()).isZero();
    assertThat(requests.path("failed").asLong()).isZero();
    assertThat(r.summary().path("status").asText()).isEqualTo("completed");
    assertThat(r.output()).contains("4 request(s) still in flight at the graceful stop");
    // 2 s of stage and 1 s of grace, with the start and the last flush: far from a minute
    assertThat(tookS).isLessThan(20);
  }
}
