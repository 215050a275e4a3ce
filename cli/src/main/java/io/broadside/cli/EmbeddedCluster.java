package io.broadside.cli;

import io.broadside.agent.client.SecretSources;
import io.broadside.agent.control.Agent;
import io.broadside.agent.control.AgentConfig;
import io.broadside.coordinator.Coordinator;
import io.broadside.coordinator.CoordinatorConfig;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.runs.RunManager;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A coordinator and one agent in this process, talking over the same gRPC contract as a cluster (on
 * a loopback port). Methods block the calling thread (never an event loop) until done.
 */
final class EmbeddedCluster implements AutoCloseable {
  private final Vertx vertx;
  private final Coordinator coordinator;

  private EmbeddedCluster(Vertx vertx, Coordinator coordinator) {
    this.vertx = vertx;
    this.coordinator = coordinator;
  }

  static EmbeddedCluster start(Vertx vertx, Path dataDir, int httpPort) {
    return start(vertx, dataDir, httpPort, false);
  }

  /**
   * @param allowHooks whether the plan may run commands here (see {@code --allow-hooks})
   */
  static EmbeddedCluster start(Vertx vertx, Path dataDir, int httpPort, boolean allowHooks) {
    return start(vertx, dataDir, httpPort, allowHooks, SecretSources.DEFAULT);
  }

  /**
   * @param secrets where the plan's auth may take secrets from on this host's agent
   */
  static EmbeddedCluster start(
      Vertx vertx, Path dataDir, int httpPort, boolean allowHooks, SecretSources secrets) {
    CoordinatorConfig config =
        CoordinatorConfig.defaults()
            .withPorts(httpPort, 0)
            .withDataDir(dataDir)
            .withAllowHooks(allowHooks);
    Coordinator coordinator = new Coordinator(config);
    vertx.deployVerticle(coordinator).await();
    Agent agent =
        new Agent(AgentConfig.local(coordinator.grpcPort(), dataDir).withSecrets(secrets));
    vertx.deployVerticle(agent, Agent.deploymentOptions()).await();
    agent.welcomed().await();
    return new EmbeddedCluster(vertx, coordinator);
  }

  int httpPort() {
    return coordinator.httpPort();
  }

  RunManager.Submission submit(String planText, Path baseDir) {
    return onCoordinator(() -> coordinator.runs().submit(planText, baseDir)).await();
  }

  Future<Run> ended(Run run) {
    return coordinator.runs().ended(run);
  }

  void stop(Run run) {
    onCoordinator(() -> Future.succeededFuture(coordinator.runs().stop(run.id()))).await();
  }

  private <T> Future<T> onCoordinator(Supplier<Future<T>> action) {
    Context context = coordinator.context();
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
