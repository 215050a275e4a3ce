package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's gate: {@code broadside run} compares the finished run with the baseline directory the
 * plan names (relative to the plan) and exits 1 by itself when the server got 10% slower per token.
 */
@ExtendWith(NoBlockedEventLoops.class)
class GateIT {
  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aGatedRunAgainstASlowerServerExitsOne() throws Exception {
    Path baseline = CompareIT.run(vertx, dir, CompareIT.PLAN, CompareIT.BASE, 7);
    Files.move(baseline, dir.resolve("baseline"));
    String gate = "gate: {baseline: baseline, metrics: {tpot.p50: 5%, throughput: -5%}}\n";

    var sim =
        io.broadside.simulator.Simulator.start(
                vertx,
                io.broadside.simulator.config.SimulatorConfig.defaults()
                    .withPreset(CompareIT.SLOWER)
                    .withSeed(7)
                    .withEphemeralPorts())
            .await();
    PlanRuns.Result r;
    try {
      r = PlanRuns.run(dir, CompareIT.PLAN.formatted(sim.port(), 7) + gate);
    } finally {
      sim.close().await();
    }

    assertThat(r.exit()).isEqualTo(ExitCode.THRESHOLD_FAILED);
    assertThat(r.output())
        .contains("gate: comparing with the baseline baseline")
        .contains("REGRESSED: tpot.p50 +")
        .contains("FAILED gate: a regression against baseline");
    assertThat(r.runDir().resolve("compare.json")).exists();
    assertThat(Files.readString(r.runDir().resolve("compare.md"))).contains("**regressed**");
  }

  @Test
  void aGateWhoseBaselineRunDoesNotExistIsInvalidInput() throws Exception {
    var sim =
        io.broadside.simulator.Simulator.start(
                vertx,
                io.broadside.simulator.config.SimulatorConfig.defaults()
                    .withPreset(CompareIT.BASE)
                    .withEphemeralPorts())
            .await();
    PlanRuns.Result r;
    try {
      r =
          PlanRuns.run(
              dir,
              CompareIT.PLAN.replace("duration: 6s", "duration: 1s").formatted(sim.port(), 1)
                  + "gate: {baseline: 20200101-000000-none}\n");
    } finally {
      sim.close().await();
    }

    assertThat(r.exit()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.output()).contains("gate: no baseline run '20200101-000000-none'");
  }
}
