package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code broadside export --csv}: a CSV per stage whose rows hold the summary's figures. */
@ExtendWith(NoBlockedEventLoops.class)
class ExportTest {
  private static final String PLAN =
      """
      name: export
      target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
      models: [{name: llama-2-7b}, {name: granite-3b}]
      dataset: {synthetic: {inputTokens: 16}, seed: 3}
      maxTokens: 16
      load:
        mode: closed
        stages: [{name: warm, duration: 1s, users: 2}, {name: busy hour, duration: 1s, users: 4}]
      cost: {usdPerHour: 1.212}
      """;

  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void writesACsvPerStageWithARowPerModelAndTheAllModelsRow() throws Exception {
    Simulator sim =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults()
                    .withPreset(GpuPreset.INSTANT)
                    .withModels(List.of("llama-2-7b", "granite-3b"))
                    .withEphemeralPorts())
            .await();
    PlanRuns.Result r;
    try {
      r = PlanRuns.run(dir, PLAN.formatted(sim.port()));
    } finally {
      sim.close().await();
    }
    assertThat(r.exit()).isZero();
    Path out = dir.resolve("csv");

    assertThat(Main.execute("export", r.runDir().toString(), "--csv", "--out", out.toString()))
        .isZero();

    assertThat(out.resolve("warm.csv")).exists();
    List<String> lines = Files.readAllLines(out.resolve("busy_hour.csv"));
    assertThat(lines).hasSize(4);
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    assertThat(header)
        .startsWith("model", "ok", "failed", "dropped", "requestsPerS", "outputTokensPerS")
        .contains("tpot.p99", "ttft.mean", "usdPerMillionTokens", "errors");
    JsonNode busy = r.summary().path("stages").get(1);
    for (int i = 0; i < 3; i++) {
      JsonNode row = i < 2 ? busy.path("models").get(i) : busy.path("all");
      List<String> cells = Arrays.asList(lines.get(i + 1).split(",", -1));
      assertThat(cells).hasSameSizeAs(header);
      assertThat(cells.get(0)).isEqualTo(row.path("model").asText());
      assertThat(Long.parseLong(cells.get(header.indexOf("ok"))))
          .isEqualTo(row.path("requests").path("ok").asLong())
          .isPositive();
      assertThat(Double.parseDouble(cells.get(header.indexOf("tpot.p99"))))
          .isEqualTo(row.path("latency").path("tpot").path("p99").asDouble());
      assertThat(Double.parseDouble(cells.get(header.indexOf("usdPerMillionTokens"))))
          .isEqualTo(row.path("cost").path("usdPerMillionTokens").asDouble());
    }
    assertThat(lines.get(3)).startsWith("*,");
    assertThat(Main.execute("export", dir.resolve("none").toString(), "--csv"))
        .isEqualTo(ExitCode.INVALID_INPUT);
  }
}
