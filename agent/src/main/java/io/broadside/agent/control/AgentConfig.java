package io.broadside.agent.control;

import io.broadside.agent.client.SecretSources;
import io.broadside.protocol.tls.ClusterTls;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How an agent reaches its coordinator and how much it runs.
 *
 * @param lanes event loops that fire load (default: the number of cores)
 * @param snapshotInterval how often interval histograms are sent (default 1 s)
 * @param sourceHost nullable: the local address requests to targets leave from (one per agent when
 *     several share a host, so a server can tell them apart)
 * @param lease how long the agent keeps firing without hearing from its coordinator (the dead-man
 *     switch; default 10 s)
 * @param dataDir where the agent keeps its own histogram log of every run
 * @param tls nullable: mutual TLS with the coordinator (the agent follows only a coordinator whose
 *     certificate the cluster's authority signed for that role)
 * @param secrets where a plan's {@code auth} may take secrets from on this agent
 */
public record AgentConfig(
    String agentId,
    String coordinatorHost,
    int coordinatorGrpcPort,
    int lanes,
    int maxUsers,
    Duration snapshotInterval,
    String sourceHost,
    Duration lease,
    Path dataDir,
    ClusterTls tls,
    SecretSources secrets) {

  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

  public static AgentConfig local(int grpcPort, Path dataDir) {
    return new AgentConfig(
        "agent-" + ProcessHandle.current().pid(),
        "127.0.0.1",
        grpcPort,
        Runtime.getRuntime().availableProcessors(),
        100_000,
        Duration.ofSeconds(1),
        null,
        DEFAULT_LEASE,
        dataDir,
        null,
        SecretSources.DEFAULT);
  }

  /** The same agent, taking secrets only from {@code sources}. */
  public AgentConfig withSecrets(SecretSources sources) {
    return new AgentConfig(
        agentId,
        coordinatorHost,
        coordinatorGrpcPort,
        lanes,
        maxUsers,
        snapshotInterval,
        sourceHost,
        lease,
        dataDir,
        tls,
        sources);
  }

  /** The same agent, pointed at a coordinator's gRPC endpoint. */
  public AgentConfig withCoordinator(String host, int grpcPort) {
    return new AgentConfig(
        agentId,
        host,
        grpcPort,
        lanes,
        maxUsers,
        snapshotInterval,
        sourceHost,
        lease,
        dataDir,
        tls,
        secrets);
  }

  public AgentConfig withLease(Duration newLease) {
    return new AgentConfig(
        agentId,
        coordinatorHost,
        coordinatorGrpcPort,
        lanes,
        maxUsers,
        snapshotInterval,
        sourceHost,
        newLease,
        dataDir,
        tls,
        secrets);
  }
}
