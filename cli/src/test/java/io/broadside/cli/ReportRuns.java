package io.broadside.cli;

import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
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

  /**
   * A summary with the parts the short runs do not make — a feedback search's steps, a saturation
   * finding, multi-model rounds and a scale study — for a directory that holds nothing else.
   */
  static final String ADAPTIVE_SUMMARY =
      """
      {"run": "adaptive", "status": "completed", "stages": [],
       "saturation": {"heldStage": "step-3", "heldLevel": 8, "failedStage": "step-4",
         "failedLevel": 9, "broken": ["ttft.p99"], "verdict": "held at 8 users, broke at 9",
         "firstError": {"stage": "step-4", "model": "m", "errorClass": "timeout",
           "detail": "<i>no answer</i>", "atUs": 1}},
       "search": {"kind": "feedback", "verdict": "held 80% GPU utilization at 8 users",
         "chosen": {"stage": "step-3", "users": 8, "value": 0.79, "requestsPerS": 80,
           "outputTokensPerS": 1900, "held": true, "models": null},
         "steps": [
           {"stage": "step-1", "users": 2, "value": 0.31, "requestsPerS": 30, "outputTokensPerS": 700, "held": true, "models": null},
           {"stage": "step-2", "users": 4, "value": 0.55, "requestsPerS": 52, "outputTokensPerS": 1250, "held": true, "models": null},
           {"stage": "step-3", "users": 8, "value": 0.79, "requestsPerS": 80, "outputTokensPerS": 1900, "held": true, "models": null},
           {"stage": "step-4", "users": 9, "value": 0.88, "requestsPerS": 79, "outputTokensPerS": 1890, "held": false, "models": null}]},
       "rounds": [
         {"model": "granite-3b", "concurrent": {"ttftP50": 0.012, "tpotP50": 0.0052, "e2eP50": 0.13, "outputTokensPerS": 400},
          "alone": {"ttftP50": 0.008, "tpotP50": 0.0028, "e2eP50": 0.07, "outputTokensPerS": 700},
          "change": {"ttftP50": 0.5, "tpotP50": 0.857, "e2eP50": 0.857, "outputTokensPerS": -0.43}},
         {"model": "<b>llama</b>", "concurrent": {"ttftP50": 0.02, "tpotP50": 0.006, "e2eP50": 0.2, "outputTokensPerS": 350},
          "alone": {"ttftP50": 0.01, "tpotP50": 0.003, "e2eP50": 0.1, "outputTokensPerS": 650},
          "change": {"ttftP50": 1.0, "tpotP50": 1.0, "e2eP50": 1.0, "outputTokensPerS": -0.46}}],
       "scale": {"models": 3, "created": 3, "ready": 2, "notReady": 1,
         "verdict": "2 of 3 models ready; median time to ready 4.0 s",
         "timeToReadyS": {"count": 2, "min": 3.0, "q1": 3.25, "median": 3.5, "q3": 3.75, "p90": 3.9, "max": 4.0},
         "validationS": {"count": 2, "min": 0.05, "q1": 0.055, "median": 0.06, "q3": 0.065, "p90": 0.068, "max": 0.07},
         "curve": [{"atS": 0, "created": 0, "ready": 0}, {"atS": 1, "created": 3, "ready": 0},
           {"atS": 4, "created": 3, "ready": 1}, {"atS": 5, "created": 3, "ready": 2}],
         "perModel": [
           {"model": "g-1", "createdS": 1.0, "readyS": 4.0, "timeToReadyS": 3.0, "error": null},
           {"model": "g-2", "createdS": 1.0, "readyS": 5.0, "timeToReadyS": 4.0, "error": null},
           {"model": "g-3", "createdS": 1.0, "readyS": null, "timeToReadyS": null, "error": "<script>x()</script> timed out"}]}}
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

  /** A run directory holding only {@link #ADAPTIVE_SUMMARY} as its summary.json. */
  static synchronized Path adaptive() throws Exception {
    Path dir = DIR.resolve("adaptive");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("summary.json"), ADAPTIVE_SUMMARY);
    return dir;
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
