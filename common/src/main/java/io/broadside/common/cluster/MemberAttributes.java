package io.broadside.common.cluster;

/**
 * Hazelcast member attributes a Broadside process publishes. No secret ever goes here: the
 * open-source Hazelcast has no TLS, and credentials travel only over gRPC.
 */
public final class MemberAttributes {
  /** {@code coordinator} or {@code agent}. */
  public static final String ROLE = "broadside.role";

  /** A coordinator's gRPC address for agents, {@code host:port}. */
  public static final String GRPC = "broadside.grpc";

  public static final String AGENT_ID = "broadside.agent.id";
  public static final String HOST = "broadside.host";
  public static final String CORES = "broadside.cores";
  public static final String MAX_USERS = "broadside.maxUsers";
  public static final String LABELS = "broadside.labels";

  public static final String COORDINATOR = "coordinator";
  public static final String AGENT = "agent";

  public static final String DEFAULT_CLUSTER_NAME = "broadside";
  public static final int DEFAULT_HAZELCAST_PORT = 5701;

  private MemberAttributes() {}
}
