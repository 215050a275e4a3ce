package io.broadside.common.summary;

import java.util.List;
import java.util.Map;

/**
 * The content of summary.json (DESIGN.md §7); latencies in seconds.
 *
 * @param generator nullable: the agents' health, when agents reported it
 */
public record Summary(String run, String status, List<Stage> stages, Generator generator) {

  public Summary withGenerator(Generator health) {
    return new Summary(run, status, stages, health);
  }

  /**
   * Whether the load generator kept up: a saturated agent (CPU over 85% of its cores, or an event
   * loop over 50 ms late, in any interval) measured itself as much as the model.
   */
  public record Generator(boolean saturated, List<AgentHealth> agents) {}

  public record AgentHealth(
      String id, double cpuMax, double loopDelayMaxMs, long saturatedIntervals) {}

  public record Stage(String name, List<Row> models, Row all) {}

  /** One model's figures in a stage, or all models together (model {@code *}). */
  public record Row(
      String model,
      Requests requests,
      Map<String, Long> errors,
      Map<String, LatencyStats> latency,
      Throughput throughput,
      double goodputPerS,
      CostFigures cost,
      String tokenSource,
      long outputTokens,
      long promptTokens,
      double windowS) {}

  public record Requests(long ok, long failed, long dropped) {}

  public record Throughput(double requestsPerS, double outputTokensPerS, double totalTokensPerS) {}

  /** Null fields when nothing was generated. */
  public record CostFigures(Double usdPerMillionTokens, Double minutesPerMillionTokens) {}
}
