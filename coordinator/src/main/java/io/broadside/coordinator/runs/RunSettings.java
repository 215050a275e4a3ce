package io.broadside.coordinator.runs;

import io.broadside.common.plan.PlanFiles;
import io.broadside.coordinator.access.Destinations;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The coordinator's settings that its runs follow.
 *
 * @param snapshotInterval how often agents send snapshots
 * @param metricsWindow the span of the exact window quantiles on /metrics
 * @param startDelay from the last agent's ready to the common start
 * @param finalFlushGrace how long the last snapshots are waited for
 * @param agentLease how long an agent may be away before it counts as lost
 * @param allowHooks whether plans may name commands for the coordinator to run
 * @param dataDir where run directories are made
 * @param planRoot the folder the files of plans sent over the REST API must lie in; null: none
 * @param destinations where plans may send load and ask Prometheus
 * @param caps how much one plan may ask for and how many runs may queue
 * @param metricsRetention how long an ended run stays on /metrics; then it lets its histograms go
 */
public record RunSettings(
    Duration snapshotInterval,
    Duration metricsWindow,
    Duration startDelay,
    Duration finalFlushGrace,
    Duration agentLease,
    boolean allowHooks,
    Path dataDir,
    Path planRoot,
    Destinations destinations,
    RunCaps caps,
    Duration metricsRetention) {

  /**
   * Where the files of a plan sent over the REST API may be: inside the plan root, never in the
   * data folder (other runs' plans and results); nowhere without a plan root.
   */
  public PlanFiles apiPlanFiles() {
    if (planRoot == null) {
      return PlanFiles.none(
          "a plan sent to the coordinator may not unless it was started with --plan-root DIR;"
              + " then name files relative to DIR");
    }
    return PlanFiles.inside(planRoot, "the coordinator's plan root")
        .excluding(dataDir, "the coordinator's data folder");
  }
}
