package io.broadside.cli;

import io.broadside.common.unit.Durations;
import io.broadside.coordinator.Coordinator;
import io.broadside.coordinator.CoordinatorConfig;
import io.broadside.coordinator.access.AccessTokens;
import io.broadside.coordinator.access.RestSecurity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code broadside coordinator}: the REST API and the agents' gRPC endpoint, a full cluster member.
 */
@Command(name = "coordinator", description = "Run a coordinator that agents on other hosts join.")
final class CoordinatorCommand implements Callable<Integer>, Listens {
  @Mixin ClusterOptions cluster;

  @Option(
      names = "--allow-hooks",
      description =
          "let submitted plans run their commands (a scale study's creation hook) on this host;"
              + " off by default: a REST API that runs commands is remote code execution for"
              + " whoever can reach it")
  boolean allowHooks;

  @Option(
      names = "--plan-root",
      paramLabel = "DIR",
      description =
          "the folder whose files plans sent over the REST API may name (datasets, traces,"
              + " images), relative to it; without it such plans may name no file")
  java.nio.file.Path planRoot;

  @Option(
      names = "--allow-destinations",
      split = ",",
      paramLabel = "HOST|*.DOMAIN|CIDR",
      description =
          "the only hosts and networks plans may send load to, query Prometheus at and upload"
              + " to; without it anywhere but link-local and cloud metadata addresses, which"
              + " only an entry here opens")
  java.util.List<String> allowDestinations;

  @Option(
      names = "--max-users",
      defaultValue = "1000000",
      description = "the most users any stage of a plan may ask for (default 1,000,000)")
  int maxUsers;

  @Option(
      names = "--max-rate",
      defaultValue = "1000000/s",
      description = "the highest arrival rate a plan may ask for (default 1000000/s)")
  String maxRate;

  @Option(
      names = "--max-duration",
      defaultValue = "168h",
      description = "the longest duration a plan may name (default 168h: a week)")
  String maxDuration;

  @Option(
      names = "--max-queued-runs",
      defaultValue = "32",
      description = "runs waiting or going at once; a submission beyond is a 429 (default 32)")
  int maxQueuedRuns;

  @Option(
      names = "--max-bundle-mb",
      defaultValue = "1024",
      description =
          "the most a plan sent with its files may bring, as sent and unpacked (default 1024 MiB;"
              + " at most 10,000 files)")
  long maxBundleMb;

  private io.broadside.coordinator.runs.RunCaps caps() {
    try {
      return new io.broadside.coordinator.runs.RunCaps(
          new io.broadside.common.plan.PlanLimits(
              maxUsers,
              io.broadside.common.unit.Rate.parse(maxRate).perSecond(),
              Durations.parse(maxDuration)),
          maxQueuedRuns,
          new io.broadside.common.plan.PlanBundle.Limits(10_000, maxBundleMb * 1024 * 1024));
    } catch (IllegalArgumentException e) {
      throw cluster.invalid(e.getMessage());
    }
  }

  @Option(
      names = "--tokens",
      paramLabel = "FILE",
      description =
          "bearer tokens of the REST API, as hashes with their roles (broadside token adds one);"
              + " required beyond loopback")
  Path tokens;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "serve the REST API over TLS with this certificate chain")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "the private key of --tls-cert")
  Path tlsKey;

  @Option(
      names = "--insecure-no-auth",
      description =
          "serve the REST API beyond loopback WITHOUT tokens and take agents WITHOUT mutual TLS:"
              + " anyone who reaches it can launch load at any host, read every plan, delete every"
              + " run, or join as an agent")
  boolean insecureNoAuth;

  @Option(names = "--port", defaultValue = "8420", description = "REST port")
  int port;

  @Option(names = "--grpc-port", defaultValue = "8421", description = "port agents connect to")
  int grpcPort;

  @Option(names = "--data", defaultValue = "runs", description = "folder for run directories")
  Path data;

  @Option(names = "--members", split = ",", description = "other coordinators to join, host[:port]")
  List<String> members = new ArrayList<>();

  @Option(
      names = "--metrics-window",
      defaultValue = "30s",
      description = "window of the exact quantiles on /metrics (…_window_seconds)")
  String metricsWindow;

  @Option(
      names = "--metrics-retention",
      defaultValue = "10m",
      description = "how long an ended run stays on /metrics")
  String metricsRetention;

  private io.broadside.coordinator.access.Destinations destinations() {
    try {
      return io.broadside.coordinator.access.Destinations.of(allowDestinations);
    } catch (IllegalArgumentException e) {
      throw cluster.invalid("--allow-destinations: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    if ((tlsCert == null) != (tlsKey == null)) {
      System.err.println("give --tls-cert and --tls-key together");
      return ExitCode.INVALID_INPUT;
    }
    AccessTokens accessTokens = null;
    if (tokens != null) {
      try {
        accessTokens = AccessTokens.read(tokens);
      } catch (java.io.IOException e) {
        System.err.println("cannot read the tokens file " + tokens.getFileName() + ": " + e);
        return ExitCode.INVALID_INPUT;
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return ExitCode.INVALID_INPUT;
      }
    }
    CoordinatorConfig config =
        CoordinatorConfig.defaults()
            .withHost(cluster.bind)
            .withPorts(port, grpcPort)
            .withDataDir(data)
            .withMembership(cluster.settings(members), cluster.advertise)
            .withMetrics(Durations.parse(metricsWindow), Durations.parse(metricsRetention))
            .withAllowHooks(allowHooks)
            .withPlanRoot(planRoot)
            .withDestinations(destinations())
            .withCaps(caps())
            .withSecurity(new RestSecurity(accessTokens, tlsCert, tlsKey, insecureNoAuth))
            .withClusterTls(cluster.clusterTls());
    var vertx = Vertxes.create();
    Coordinator coordinator = new Coordinator(config);
    try {
      vertx.deployVerticle(coordinator).await();
    } catch (RuntimeException refused) {
      System.err.println(refused.getMessage());
      vertx.close().await();
      return ExitCode.INVALID_INPUT;
    }
    System.out.printf(
        "coordinator: REST %s://%s:%d (%s), agents join %s (gRPC %d, %s)%n",
        tlsCert == null ? "http" : "https",
        cluster.bind,
        coordinator.httpPort(),
        accessTokens == null ? "no tokens" : accessTokens.size() + " token(s)",
        coordinator.clusterAddress(),
        coordinator.grpcPort(),
        cluster.ca == null ? "plain" : "mutual TLS");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  vertx.close().await();
                  stopped.countDown();
                }));
    stopped.await();
    return ExitCode.PASSED;
  }

  @Override
  public String listenHost() {
    return cluster.bind;
  }

  @Override
  public java.util.Map<Integer, String> ports() {
    java.util.Map<Integer, String> out = new java.util.LinkedHashMap<>();
    out.put(port, "--port");
    out.put(grpcPort, "--grpc-port");
    return out;
  }
}
