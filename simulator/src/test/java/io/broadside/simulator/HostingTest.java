package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.HostingStats;
import io.broadside.simulator.config.ModelHosting;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostingTest extends WithTestVertx {
  private static final List<String> MODELS = List.of("a", "b", "c");

  @Test
  void loadsOnFirstUseAndUnloadsTheLeastRecentlyUsed() {
    Path log = dir.resolve("requests.jsonl");
    ModelHosting twoFit =
        new ModelHosting(
            2.5, 1, Duration.ofMillis(50), Duration.ofMillis(80), Duration.ofSeconds(2));
    Simulator sim = test.simulator(config(twoFit, log));

    for (String model : List.of("a", "b", "a", "c")) {
      assertThat(complete(sim, model).status()).isEqualTo(200);
    }
    HostingStats stats = TestVertx.await(sim.hostingStats());
    TestVertx.await(sim.close());

    assertThat(stats.loads()).isEqualTo(3);
    assertThat(stats.unloads()).as("b was the least recently used").isEqualTo(1);
    assertThat(stats.loaded()).containsExactly("a", "c");
    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries).extracting(RequestLogEntry::model).containsExactly("a", "b", "a", "c");
    assertThat(entries)
        .extracting(RequestLogEntry::coldStart)
        .containsExactly(true, true, false, true);
    RequestLogEntry cold = entries.get(0);
    assertThat(cold.tokenChunksUs().get(0) - cold.arrivalUs()).isGreaterThanOrEqualTo(49_000);
  }

  @Test
  void requestIsNotReadyWhenTheLoadOutlastsTheColdStartWait() throws Exception {
    Path log = dir.resolve("requests.jsonl");
    ModelHosting slowLoad =
        new ModelHosting(
            8, 1, Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(20));
    Simulator sim = test.simulator(config(slowLoad, log));

    Reply first = complete(sim, "b");
    Reply readyProbe = test.get(sim.port(), "/health");
    Thread.sleep(400);
    Reply later = complete(sim, "b");
    TestVertx.await(sim.close());

    assertThat(first.status()).isEqualTo(503);
    assertThat(readyProbe.status()).isEqualTo(200);
    assertThat(later.status()).isEqualTo(200);
    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries).extracting(RequestLogEntry::status).containsExactly(503, 200);
    assertThat(entries).extracting(RequestLogEntry::coldStart).containsExactly(false, false);
    assertThat(entries.get(0).completionTokens()).isZero();
  }

  private Reply complete(Simulator sim, String model) {
    return test.post(
        sim.port(),
        "/v1/completions",
        "{\"model\": \"" + model + "\", \"prompt\": \"x\", \"max_tokens\": 2}");
  }

  private static SimulatorConfig config(ModelHosting hosting, Path log) {
    return SimulatorConfig.defaults()
        .withPreset(GpuPreset.INSTANT)
        .withModels(MODELS)
        .withHosting(hosting)
        .withRequestLog(log);
  }
}
