package io.broadside.simulator.engine;

import io.broadside.simulator.config.GpuPreset;
import java.time.Duration;
import java.util.List;

/**
 * Closed-loop virtual users against a {@link BatchEngine} in virtual time: each user submits a
 * request at t = 0 and a new one the moment its last token arrives. Measures over a window after a
 * warm-up.
 */
final class ClosedLoopUsers {

  /**
   * @param tokensPerSecond output tokens emitted in the window per second
   * @param interTokenMs mean gap between consecutive tokens of a request
   * @param msPerOutputToken mean over requests that started and ended in the window of e2e / N
   */
  record Figures(int users, double tokensPerSecond, double interTokenMs, double msPerOutputToken) {}

  private final BatchEngine engine;
  private final int promptTokens;
  private final int maxTokens;
  private final long windowStart;
  private final long windowEnd;
  private long tokens;
  private long gapsNanos;
  private long gaps;
  private long normalizedNanos;
  private long requests;

  private ClosedLoopUsers(
      GpuPreset preset, int promptTokens, int maxTokens, Duration warmup, Duration window) {
    this.engine = new BatchEngine(preset, List.of());
    this.promptTokens = promptTokens;
    this.maxTokens = maxTokens;
    this.windowStart = warmup.toNanos();
    this.windowEnd = windowStart + window.toNanos();
  }

  static Figures run(
      GpuPreset preset,
      int users,
      int promptTokens,
      int maxTokens,
      Duration warmup,
      Duration window) {
    ClosedLoopUsers run = new ClosedLoopUsers(preset, promptTokens, maxTokens, warmup, window);
    for (int u = 0; u < users; u++) {
      run.submit(0);
    }
    while (run.engine.nextEventNanos() <= run.windowEnd) {
      run.engine.advanceTo(run.engine.nextEventNanos());
    }
    double seconds = (run.windowEnd - run.windowStart) / 1e9;
    return new Figures(
        users,
        run.tokens / seconds,
        run.gapsNanos / 1e6 / run.gaps,
        run.normalizedNanos / 1e6 / run.requests);
  }

  private void submit(long at) {
    long[] previous = {at};
    engine.submit(
        promptTokens,
        maxTokens,
        (index, last, emitted) -> {
          boolean inWindow = emitted >= windowStart && emitted <= windowEnd;
          if (inWindow) {
            tokens++;
            if (index > 0) {
              gapsNanos += emitted - previous[0];
              gaps++;
            }
          }
          previous[0] = emitted;
          if (last) {
            if (inWindow && at >= windowStart) {
              normalizedNanos += (emitted - at) / maxTokens;
              requests++;
            }
            submit(emitted);
          }
        },
        at);
  }
}
