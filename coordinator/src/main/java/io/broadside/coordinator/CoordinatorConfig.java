package io.broadside.coordinator;

import io.broadside.coordinator.access.Destinations;
import io.broadside.coordinator.access.RestSecurity;
import io.broadside.coordinator.runs.RunCaps;
import io.broadside.protocol.cluster.MembershipSettings;
import io.broadside.protocol.tls.ClusterTls;
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
 * @param metricsWindow the window of the exact quantiles on /metrics (30 s by default)
 * @param metricsRetention how long an ended run stays on /metrics, so Prometheus scrapes its final
 *     figures (10 min by default)
 * @param allowHooks whether plans may name commands for this coordinator to run (a scale study's
 *     creation hook); off by default, since whoever can submit a plan could then run commands here
 * @param security the REST API's tokens and TLS ({@link RestSecurity#NONE} by default: loopback
 *     only)
 * @param clusterTls mutual TLS on the agents' gRPC link (null by default: plain, loopback only)
 * @param planRoot the folder the files of plans sent over the REST API must lie in (null by
 *     default: such plans may name no file)
 * @param destinations where plans may send load, ask Prometheus and upload results (anywhere but
 *     link-local and cloud metadata addresses by default)
 * @param caps how much one plan may ask for and how many runs may queue
 * @param requestDeadline how long a REST client may take to send a whole request, counted from its
 *     connection or its last answer (30 s by default: a keep-alive connection idle that long is
 *     closed too)
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
    Duration agentLease,
    Duration metricsWindow,
    Duration metricsRetention,
    boolean allowHooks,
    RestSecurity security,
    ClusterTls clusterTls,
    Path planRoot,
    Destinations destinations,
    RunCaps caps,
    Duration requestDeadline) {

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
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(10),
        false,
        RestSecurity.NONE,
        null,
        null,
        Destinations.ANY_BUT_METADATA,
        RunCaps.DEFAULT,
        Duration.ofSeconds(30));
  }

  /** How long a REST client may take to send a whole request. */
  public CoordinatorConfig withRequestDeadline(Duration deadline) {
    return toBuilder().requestDeadline(deadline).build();
  }

  /** How much one plan may ask for and how many runs may queue. */
  public CoordinatorConfig withCaps(RunCaps limits) {
    return toBuilder().caps(limits).build();
  }

  /** Where plans may send load, ask Prometheus and upload results. */
  public CoordinatorConfig withDestinations(Destinations allowed) {
    return toBuilder().destinations(allowed).build();
  }

  /** The folder the files of plans sent over the REST API must lie in. */
  public CoordinatorConfig withPlanRoot(Path root) {
    return toBuilder().planRoot(root).build();
  }

  /** Mutual TLS with the agents, from the cluster's authority. */
  public CoordinatorConfig withClusterTls(ClusterTls tls) {
    return toBuilder().clusterTls(tls).build();
  }

  /** The REST API's tokens and TLS. */
  public CoordinatorConfig withSecurity(RestSecurity security) {
    return toBuilder().security(security).build();
  }

  /** Whether plans may run commands on this coordinator (see {@code allowHooks}). */
  public CoordinatorConfig withAllowHooks(boolean allow) {
    return toBuilder().allowHooks(allow).build();
  }

  public CoordinatorConfig withPorts(int http, int grpc) {
    return toBuilder().httpPort(http).grpcPort(grpc).build();
  }

  public CoordinatorConfig withDataDir(Path dir) {
    return toBuilder().dataDir(dir).build();
  }

  public CoordinatorConfig withHost(String bindHost) {
    return toBuilder().host(bindHost).build();
  }

  public CoordinatorConfig withMembership(MembershipSettings settings, String advertise) {
    return toBuilder().membership(settings).advertiseHost(advertise).build();
  }

  public CoordinatorConfig withTiming(Duration grace, Duration delay) {
    return toBuilder().finalFlushGrace(grace).startDelay(delay).build();
  }

  /** The interval agents snapshot at (1 s by default). */
  public CoordinatorConfig withSnapshotInterval(Duration interval) {
    return toBuilder().snapshotInterval(interval).build();
  }

  public CoordinatorConfig withAgentLease(Duration lease) {
    return toBuilder().agentLease(lease).build();
  }

  /** The exact-quantile window and how long ended runs stay on /metrics. */
  public CoordinatorConfig withMetrics(Duration window, Duration retention) {
    return toBuilder().metricsWindow(window).metricsRetention(retention).build();
  }

  Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.httpPort = httpPort;
    b.grpcPort = grpcPort;
    b.dataDir = dataDir;
    b.snapshotInterval = snapshotInterval;
    b.finalFlushGrace = finalFlushGrace;
    b.startDelay = startDelay;
    b.membership = membership;
    b.advertiseHost = advertiseHost;
    b.agentLease = agentLease;
    b.metricsWindow = metricsWindow;
    b.metricsRetention = metricsRetention;
    b.allowHooks = allowHooks;
    b.security = security;
    b.clusterTls = clusterTls;
    b.planRoot = planRoot;
    b.destinations = destinations;
    b.caps = caps;
    b.requestDeadline = requestDeadline;
    return b;
  }

  /** A copy with some fields changed; the one place the component list is spelled out. */
  static final class Builder {
    private String host;
    private int httpPort;
    private int grpcPort;
    private Path dataDir;
    private Duration snapshotInterval;
    private Duration finalFlushGrace;
    private Duration startDelay;
    private MembershipSettings membership;
    private String advertiseHost;
    private Duration agentLease;
    private Duration metricsWindow;
    private Duration metricsRetention;
    private boolean allowHooks;
    private RestSecurity security;
    private ClusterTls clusterTls;
    private Path planRoot;
    private Destinations destinations;
    private RunCaps caps;
    private Duration requestDeadline;

    Builder requestDeadline(Duration v) {
      requestDeadline = v;
      return this;
    }

    Builder caps(RunCaps v) {
      caps = v;
      return this;
    }

    Builder destinations(Destinations v) {
      destinations = v;
      return this;
    }

    Builder planRoot(Path v) {
      planRoot = v;
      return this;
    }

    Builder clusterTls(ClusterTls v) {
      clusterTls = v;
      return this;
    }

    Builder security(RestSecurity v) {
      security = v;
      return this;
    }

    Builder allowHooks(boolean v) {
      allowHooks = v;
      return this;
    }

    Builder host(String v) {
      host = v;
      return this;
    }

    Builder httpPort(int v) {
      httpPort = v;
      return this;
    }

    Builder grpcPort(int v) {
      grpcPort = v;
      return this;
    }

    Builder dataDir(Path v) {
      dataDir = v;
      return this;
    }

    Builder snapshotInterval(Duration v) {
      snapshotInterval = v;
      return this;
    }

    Builder finalFlushGrace(Duration v) {
      finalFlushGrace = v;
      return this;
    }

    Builder startDelay(Duration v) {
      startDelay = v;
      return this;
    }

    Builder membership(MembershipSettings v) {
      membership = v;
      return this;
    }

    Builder advertiseHost(String v) {
      advertiseHost = v;
      return this;
    }

    Builder agentLease(Duration v) {
      agentLease = v;
      return this;
    }

    Builder metricsWindow(Duration v) {
      metricsWindow = v;
      return this;
    }

    Builder metricsRetention(Duration v) {
      metricsRetention = v;
      return this;
    }

    CoordinatorConfig build() {
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
          agentLease,
          metricsWindow,
          metricsRetention,
          allowHooks,
          security,
          clusterTls,
          planRoot,
          destinations,
          caps,
          requestDeadline);
    }
  }
}
