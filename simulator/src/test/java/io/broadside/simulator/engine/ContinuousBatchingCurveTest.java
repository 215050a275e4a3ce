package io.broadside.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.engine.ClosedLoopUsers.Figures;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The llama-7b-1gpu preset under closed-loop users, in virtual time (no sockets, no clock). */
class ContinuousBatchingCurveTest {
  private static final int[] USERS = {1, 4, 8, 16, 20, 32, 48};

  @Test
  void throughputRisesWithUsersThenFlattensNearMaxBatchWhileLatencyClimbs() {
    Map<Integer, Figures> curve = new LinkedHashMap<>();
    for (int users : USERS) {
      curve.put(
          users,
          ClosedLoopUsers.run(
              GpuPreset.LLAMA_7B_1GPU,
              users,
              128,
              128,
              Duration.ofSeconds(20),
              Duration.ofSeconds(120)));
    }
    curve
        .values()
        .forEach(
            f ->
                System.out.printf(
                    "users=%2d  tokens/s=%6.1f  itl=%5.1f ms  e2e/N=%6.1f ms%n",
                    f.users(), f.tokensPerSecond(), f.interTokenMs(), f.msPerOutputToken()));

    Figures one = curve.get(1);
    Figures full = curve.get(20);
    assertThat(one.interTokenMs()).isBetween(25.0, 30.0);
    assertThat(curve.get(4).tokensPerSecond()).isGreaterThan(3 * one.tokensPerSecond());
    assertThat(curve.get(8).tokensPerSecond()).isGreaterThan(curve.get(4).tokensPerSecond());
    assertThat(curve.get(16).tokensPerSecond()).isGreaterThan(curve.get(8).tokensPerSecond());
    assertThat(full.tokensPerSecond()).isGreaterThan(curve.get(16).tokensPerSecond());
    assertThat(curve.get(32).tokensPerSecond())
        .isCloseTo(full.tokensPerSecond(), within(0.1 * full.tokensPerSecond()));
    assertThat(curve.get(48).tokensPerSecond())
        .isCloseTo(full.tokensPerSecond(), within(0.1 * full.tokensPerSecond()));
    assertThat(curve.get(48).msPerOutputToken()).isGreaterThan(3 * one.msPerOutputToken());
    assertThat(curve.get(48).msPerOutputToken()).isGreaterThan(2 * full.msPerOutputToken());
  }
}
