package io.broadside.cli;

import io.broadside.simulator.GpuPreset;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.SimulatorConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The runs whose reports the report tests read, each run once per test JVM against its own
 * in-process simulator, their directories kept under {@code target/report-runs}: a demo-like
 * closed-loop plan with three stages over two models, and a concurrency sweep past a batch of 8.
 */
final class ReportRuns {
  static final String STAGES_PLAN =
      """
      name: report-demo
      tags: {purpose: report, note: "<b>bold</b> & 'quoted'"}
      target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:%d, stream: true, timeout: 10s}
      models: [{name: llama-2-7b, weight: 2}, {name: granite-3b, weight: 1}]
      modelChoice: weighted
      dataset: {synthetic: {inputTokens: 32}, seed: 7}
      maxTokens: 24
      load:
        mode: closed
        stages:
          - {name: warm, duration: 2s, users: 2}
          - {name: busy, duration: 2s, users: 8}
          - {name: saturated, duration: 2s, users: 16}
      warmup: {requests: 2}
      slo: {ttft: 1s, tpot: 60ms}
      cost: {usdPerHour: 1.212}
      # </pre><script>window.injected = true</script>
      """;
  static final String SWEEP_PLAN =
      """
      name: report-sweep
      target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
      models: [llama-2-7b]
      dataset: {synthetic: {inputTokens: 16}, seed: 3}
      maxTokens: 24
      load:
        mode: closed
        sweep: {users: [2, 4, 8, 16, 32], duration: 1500ms, warmup: 300ms}
      """;
  private static final Path DIR = Path.of("target", "report-runs");
  private static PlanRuns.Result stages;
  private static PlanRuns.Result sweep;

  private ReportRuns() {}

  static synchronized PlanRuns.Result stages() throws Exception {
    if (stages == null) {
      stages = run(STAGES_PLAN, 32, List.of("llama-2-7b", "granite-3b"));
    }
    return stages;
  }

  static synchronized PlanRuns.Result sweep() throws Exception {
    if (sweep == null) {
      sweep = run(SWEEP_PLAN, 8, List.of("llama-2-7b"));
    }
    return sweep;
  }

  private static PlanRuns.Result run(String plan, int batch, List<String> models) throws Exception {
    Files.createDirectories(DIR);
    Vertx vertx = Vertx.vertx();
    try {
      // 2 ms + 0.25 ms per sequence per step: throughput flattens once the batch is full
      GpuPreset gpu =
          new GpuPreset(
              "batch-" + batch,
              batch,
              Duration.ofMillis(2),
              Duration.ofNanos(250_000),
              Duration.ZERO);
      Simulator sim =
          Simulator.start(
                  vertx,
                  SimulatorConfig.defaults()
                      .withPreset(gpu)
                      .withModels(models)
                      .withEphemeralPorts())
              .await();
      try {
        return PlanRuns.run(DIR, plan.formatted(sim.port()));
      } finally {
        sim.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }
}
