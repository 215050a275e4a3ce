package io.broadside.cli;

import io.broadside.common.unit.Durations;
import io.broadside.coordinator.Coordinator;
import io.broadside.coordinator.CoordinatorConfig;
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
final class CoordinatorCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Option(
      names = "--allow-hooks",
      description =
          "let submitted plans run their commands (a scale study's creation hook) on this host;"
              + " off by default: a REST API that runs commands is remote code execution for"
              + " whoever can reach it")
  boolean allowHooks;

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

  @Override
  public Integer call() throws Exception {
    CoordinatorConfig config =
        CoordinatorConfig.defaults()
            .withHost(cluster.bind)
            .withPorts(port, grpcPort)
            .withDataDir(data)
            .withMembership(cluster.settings(members), cluster.advertise)
            .withMetrics(Durations.parse(metricsWindow), Durations.parse(metricsRetention))
            .withAllowHooks(allowHooks);
    var vertx = Vertxes.create();
    Coordinator coordinator = new Coordinator(config);
    vertx.deployVerticle(coordinator).await();
    System.out.printf(
        "coordinator: REST http://%s:%d, agents join %s (gRPC %d)%n",
        cluster.bind, coordinator.httpPort(), coordinator.clusterAddress(), coordinator.grpcPort());
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
}
