package io.broadside.coordinator;

import io.broadside.protocol.cluster.MembershipSettings;
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
 * @param startDelay how far ahead of now the common start time is set
 * @param membership nullable: join a Hazelcast cluster so agents on other hosts find this
 *     coordinator; null for an embedded coordinator whose agent is told the address
 * @param advertiseHost the host agents use to reach the gRPC port (the bind host by default)
 * @param agentLease how long an agent may stay disconnected mid-run before it counts as lost
 */
public record CoordinatorConfig(
    String host,
    int httpPort,
    int grpcPort,
    Path dataDir,
    Duration snapshotInterval,
    Duration finalFlushGrace,
    Duration startDelay,
    MembershipSettings membership,
    String advertiseHost,
    Duration agentLease) {

  public static CoordinatorConfig defaults() {
    return new CoordinatorConfig(
        "127.0.0.1",
        8420,
        8421,
        Path.of("runs"),
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        Duration.ofMillis(300),
        null,
        null,
        Duration.ofSeconds(10));
  }

  public CoordinatorConfig withPorts(int http, int grpc) {
    return new CoordinatorConfig(
        host,
        http,
        grpc,
        dataDir,
        snapshotInterval,
        finalFlushGrace,
        startDelay,
        membership,
        advertiseHost,
        agentLease);
  }

  public CoordinatorConfig withDataDir(Path dir) {
    return new CoordinatorConfig(
        host,
        httpPort,
        grpcPort,
        dir,
        snapshotInterval,
        finalFlushGrace,
        startDelay,
        membership,
        advertiseHost,
        agentLease);
  }

  public CoordinatorConfig withHost(String bindHost) {
    return new CoordinatorConfig(
        bindHost,
        httpPort,
        grpcPort,
        dataDir,
        snapshotInterval,
        finalFlushGrace,
        startDelay,
        membership,
        advertiseHost,
        agentLease);
  }

  public CoordinatorConfig withMembership(MembershipSettings settings, String advertise) {
    return new CoordinatorConfig(
        host,
        httpPort,
        grpcPort,
        dataDir,
        snapshotInterval,
        finalFlushGrace,
        startDelay,
        settings,
        advertise,
        agentLease);
  }

  public CoordinatorConfig withTiming(Duration grace, Duration delay) {
    return new CoordinatorConfig(
        host,
        httpPort,
        grpcPort,
        dataDir,
        snapshotInterval,
        grace,
        delay,
        membership,
        advertiseHost,
        agentLease);
  }

  public CoordinatorConfig withAgentLease(Duration lease) {
    return new CoordinatorConfig(
        host,
        httpPort,
        grpcPort,
        dataDir,
        snapshotInterval,
        finalFlushGrace,
        startDelay,
        membership,
        advertiseHost,
        lease);
  }
}
