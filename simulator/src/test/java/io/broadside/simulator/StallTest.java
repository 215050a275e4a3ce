package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.config.Stall;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StallTest extends WithTestVertx {

  @Test
  void stallDelaysTheNextTokenByItsDuration() {
    Path log = dir.resolve("requests.jsonl");
    Stall stall = new Stall(Duration.ofMillis(50), Duration.ofMillis(300));
    Simulator sim =
        test.simulator(
            SimulatorConfig.defaults()
                .withPreset(GpuPreset.FAST)
                .withStalls(List.of(stall))
                .withRequestLog(log));

    test.post(
        sim.port(),
        "/v1/completions",
        "{\"prompt\": \"go\", \"max_tokens\": 200, \"stream\": true}");
    TestVertx.await(sim.close());

    RequestLogEntry entry = RequestLogReader.read(log).get(0);
    List<Long> tokens = entry.tokenChunksUs();
    assertThat(tokens).hasSize(200);
    long longestGap = 0;
    int resumed = 0;
    for (int i = 1; i < tokens.size(); i++) {
      if (tokens.get(i) - tokens.get(i - 1) > longestGap) {
        longestGap = tokens.get(i) - tokens.get(i - 1);
        resumed = i;
      }
    }
    // writes are never early but may be late on a busy machine: bounds allow for lateness
    assertThat(longestGap).as("the stall's gap, µs").isBetween(200_000L, 420_000L);
    assertThat(tokens.get(resumed) - entry.arrivalUs())
        .as("first token after the stall, µs: 50 ms + 300 ms + the step it paused")
        .isBetween(350_000L, 480_000L);
    long e2e = tokens.get(199) - entry.arrivalUs();
    assertThat(e2e).as("e2e µs: 200 steps of ~1 ms plus the stall").isBetween(502_000L, 650_000L);
  }
}
