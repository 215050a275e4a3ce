package io.broadside.coordinator.runs;

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
 */
public record RunSettings(
    Duration snapshotInterval,
    Duration metricsWindow,
    Duration startDelay,
    Duration finalFlushGrace,
    Duration agentLease,
    boolean allowHooks,
    Path dataDir) {}
