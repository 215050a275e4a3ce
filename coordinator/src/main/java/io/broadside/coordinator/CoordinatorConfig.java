package io.broadside.coordinator;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the coordinator listens and keeps runs.
 *
 * @param httpPort REST, /metrics and /health (8420 by default; 0 = ephemeral)
 * @param grpcPort agents' control and snapshot streams (8421 by default; 0 = ephemeral)
 * @param dataDir run directories are created below it
 * @param snapshotInterval the interval agents are asked to snapshot at
 * @param finalFlushGrace how long a run waits for agents' final snapshots after they stop firing
 */
public record CoordinatorConfig(
    String host,
    int httpPort,
    int grpcPort,
    Path dataDir,
    Duration snapshotInterval,
    Duration finalFlushGrace,
    Duration startDelay) {

  public static CoordinatorConfig defaults() {
    return new CoordinatorConfig(
        "127.0.0.1",
        8420,
        8421,
        Path.of("runs"),
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        Duration.ofMillis(300));
  }

  public CoordinatorConfig withPorts(int http, int grpc) {
    return new CoordinatorConfig(
        host, http, grpc, dataDir, snapshotInterval, finalFlushGrace, startDelay);
  }

  public CoordinatorConfig withDataDir(Path dir) {
    return new CoordinatorConfig(
        host, httpPort, grpcPort, dir, snapshotInterval, finalFlushGrace, startDelay);
  }
}
