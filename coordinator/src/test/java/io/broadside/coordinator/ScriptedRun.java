package io.broadside.coordinator;

import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.v1.Snapshot;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A coordinator with a run under way: the plan submitted over REST, a {@link ScriptedAgent} ready
 * and started, and two snapshots of the test's making merged and acknowledged.
 */
final class ScriptedRun {
  /** The test's snapshot {@code seq} (1, 2) of run {@code runId} started at {@code startUs}. */
  interface Snapshots {
    Snapshot of(String runId, long startUs, long seq);
  }

  final Coordinator coordinator;
  final WebClient web;
  final ScriptedAgent agent;
  final String runId;

  private ScriptedRun(Coordinator coordinator, WebClient web, ScriptedAgent agent, String runId) {
    this.agent = agent;
    this.coordinator = coordinator;
    this.web = web;
    this.runId = runId;
  }

  static ScriptedRun start(Vertx vertx, Path dir, String plan, Snapshots snapshots)
      throws Exception {
    Coordinator coordinator =
        new Coordinator(
            CoordinatorConfig.defaults()
                .withPorts(0, 0)
                .withDataDir(dir)
                .withTiming(Duration.ofSeconds(2), Duration.ofMillis(50)));
    vertx.deployVerticle(coordinator).await();
    WebClient web = WebClient.create(vertx);
    ScriptedAgent agent = new ScriptedAgent(vertx, coordinator.grpcPort());
    agent.hello("a1", AgentServiceGrpc.PROTOCOL_VERSION);
    String runId =
        web.post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs")
            .putHeader("Content-Type", "application/yaml")
            .sendBuffer(Buffer.buffer(plan))
            .await()
            .bodyAsJsonObject()
            .getString("id");
    long startUs = agent.prepareAndStart(runId);
    agent.snapshots(snapshots.of(runId, startUs, 1), snapshots.of(runId, startUs, 2));
    agent.awaitAcks(2);
    return new ScriptedRun(coordinator, web, agent, runId);
  }
}
