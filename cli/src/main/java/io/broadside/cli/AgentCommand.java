package io.broadside.cli;

import io.broadside.agent.cluster.AgentNode;
import io.broadside.agent.control.AgentConfig;
import io.broadside.protocol.cluster.MembershipSettings;
import io.broadside.protocol.tls.ClusterTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code broadside agent --join HOST[:PORT]}: a load generator that joins a coordinator's cluster.
 */
@Command(name = "agent", description = "Run an agent that joins a coordinator's cluster.")
final class AgentCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Option(
      names = "--join",
      split = ",",
      description =
          "cluster members, host[:port] (required unless --multicast or --kubernetes-service)")
  List<String> join = new ArrayList<>();

  @Option(
      names = "--id",
      description =
          "agent id (default: HOST-PID, with mutual TLS NAME-HOST-PID where NAME is the"
              + " certificate's; an agent certificate admits only NAME and NAME-*)")
  String id;

  @Option(names = "--lanes", description = "event loops that fire load (default: cores)")
  Integer lanes;

  @Option(
      names = "--max-users",
      defaultValue = "100000",
      description =
          "the most users (closed loop) this agent holds; the coordinator shares a plan's users"
              + " by cores within it (default: ${DEFAULT-VALUE})")
  int maxUsers;

  @Option(names = "--source", description = "local address requests to targets leave from")
  String source;

  @Option(
      names = "--lease",
      defaultValue = "10s",
      description = "stop firing after this long without word from the coordinator")
  String lease;

  @Option(
      names = "--data",
      defaultValue = "${sys:user.home}/.broadside/agent",
      description =
          "folder for the agent's own logs (default: ~/.broadside/agent, outside any working tree)")
  java.nio.file.Path data;

  @Mixin SecretOptions secrets;

  @Option(
      names = "--insecure-no-auth",
      description =
          "join beyond loopback WITHOUT mutual TLS: any member that says it is the coordinator"
              + " can make this agent fire at any host")
  boolean insecureNoAuth;

  /** Whether this agent and the members it joins are all on loopback. */
  private boolean loopbackOnly(List<String> members) {
    if (cluster.discovers() || !isLoopback(cluster.bind)) {
      return false;
    }
    for (String m : members) {
      int colon = m.lastIndexOf(':');
      if (!isLoopback(colon < 0 ? m : m.substring(0, colon))) {
        return false;
      }
    }
    return cluster.advertise == null || isLoopback(cluster.advertise);
  }

  private static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (join.isEmpty() && !cluster.discovers()) {
      throw cluster.invalid("give --join HOST[:PORT] (or --multicast, or --kubernetes-service)");
    }
    MembershipSettings settings = cluster.settings(join);
    String host = cluster.advertise != null ? cluster.advertise : cluster.bind;
    ClusterTls tls = cluster.clusterTls();
    if (tls == null && !insecureNoAuth && !loopbackOnly(join)) {
      throw cluster.invalid(
          "an agent beyond loopback follows only a coordinator that proves itself: give --ca,"
              + " --cert and --key (broadside certs makes them), or --insecure-no-auth");
    }
    String certName = tls == null ? null : ClusterTls.identityOf(tls.cert()).name();
    AgentConfig config =
        new AgentConfig(
            id != null
                ? id
                : (certName != null ? certName + "-" : "")
                    + host
                    + "-"
                    + ProcessHandle.current().pid(),
            null,
            0,
            lanes != null ? lanes : Runtime.getRuntime().availableProcessors(),
            maxUsers,
            Duration.ofSeconds(1),
            source,
            io.broadside.common.unit.Durations.parse(lease),
            data,
            tls,
            secrets.sources(null));
    var vertx = Vertxes.create();
    AgentNode node = AgentNode.start(vertx, settings, config).await();
    System.out.printf(
        "agent %s joined %s; coordinator at %s%n",
        config.agentId(),
        settings.kubernetes() ? "service " + settings.kubernetesService() : join,
        node.coordinatorGrpc());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close().await();
                  vertx.close().await();
                  stopped.countDown();
                }));
    stopped.await();
    return ExitCode.PASSED;
  }
}
