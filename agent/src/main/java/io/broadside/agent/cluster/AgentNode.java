package io.broadside.agent.cluster;

import io.broadside.agent.control.Agent;
import io.broadside.agent.control.AgentConfig;
import io.broadside.common.cluster.MemberAttributes;
import io.broadside.protocol.cluster.Membership;
import io.broadside.protocol.cluster.MembershipSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A standalone agent: a lite Hazelcast member plus the gRPC {@link Agent} connected to the
 * coordinator the cluster names. Agents join and leave between runs without restarting anything:
 * when the coordinator's address changes, the agent reconnects to the new one.
 */
public final class AgentNode {
  private static final Logger LOG = Logger.getLogger(AgentNode.class.getName());

  private final Vertx vertx;
  private final Context context;
  private final AgentConfig config;
  private final Membership membership;
  // written by future callbacks that may run on the agent's context: volatile
  private volatile String connectedTo;
  private volatile String deployment;
  private volatile Agent agent;

  private AgentNode(Vertx vertx, Context context, AgentConfig config, Membership membership) {
    this.vertx = vertx;
    this.context = context;
    this.config = config;
    this.membership = membership;
  }

  /** Joins the cluster (on a worker thread) and connects to its coordinator when there is one. */
  public static Future<AgentNode> start(
      Vertx vertx, MembershipSettings settings, AgentConfig config) {
    Context context = vertx.getOrCreateContext();
    Map<String, String> attributes =
        Map.of(
            MemberAttributes.ROLE, MemberAttributes.AGENT,
            MemberAttributes.AGENT_ID, config.agentId(),
            MemberAttributes.HOST,
                String.valueOf(
                    settings.advertiseHost() != null
                        ? settings.advertiseHost()
                        : settings.bindHost()),
            MemberAttributes.CORES, String.valueOf(Runtime.getRuntime().availableProcessors()),
            MemberAttributes.MAX_USERS, String.valueOf(config.maxUsers()));
    return vertx
        .executeBlocking(() -> Membership.join(settings, true, attributes))
        .map(m -> new AgentNode(vertx, context, config, m))
        .compose(
            node -> {
              node.membership.onMembershipChange(
                  member -> context.runOnContext(v -> node.reconcile()));
              return node.reconcileOnContext().map(node);
            });
  }

  /** The agent currently connected, if any; for tests and status. */
  public Optional<Agent> agent() {
    return Optional.ofNullable(agent);
  }

  public String coordinatorGrpc() {
    return connectedTo;
  }

  private Future<Void> reconcileOnContext() {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    context.runOnContext(v -> reconcile().onComplete(done));
    return done.future();
  }

  /**
   * Connects to the coordinator the cluster names now. When the coordinator leaves, the agent
   * stays: it keeps trying to reconnect, and its lease stops any run it fires. When another
   * coordinator appears elsewhere, the agent moves to it once its run (if any) has drained.
   */
  private Future<Void> reconcile() {
    String wanted = membership.coordinatorGrpc().orElse(null);
    if (wanted == null) {
      if (connectedTo != null) {
        LOG.warning(
            "the coordinator left the cluster: the agent's lease stops its firing; waiting for one");
      }
      return Future.succeededFuture();
    }
    if (wanted.equals(connectedTo)) {
      return Future.succeededFuture();
    }
    String previous = deployment;
    Agent leaving = agent;
    Future<Void> left =
        previous == null
            ? Future.succeededFuture()
            : leaving.idle().compose(v -> vertx.undeploy(previous));
    deployment = null;
    agent = null;
    connectedTo = wanted;
    int colon = wanted.lastIndexOf(':');
    Agent next =
        new Agent(
            config.withCoordinator(
                wanted.substring(0, colon), Integer.parseInt(wanted.substring(colon + 1))));
    return left.compose(v -> vertx.deployVerticle(next, Agent.deploymentOptions()))
        .compose(
            id -> {
              deployment = id;
              agent = next;
              LOG.info("agent " + config.agentId() + " connected to the coordinator at " + wanted);
              return next.welcomed();
            })
        .onFailure(
            e -> LOG.warning("could not connect to the coordinator at " + wanted + ": " + e));
  }

  /** Leaves the cluster: the agent stops firing and disconnects. */
  public Future<Void> close() {
    Future<Void> undeployed =
        deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
    return undeployed.compose(
        v ->
            vertx.executeBlocking(
                () -> {
                  membership.close();
                  return null;
                }));
  }
}
