package io.broadside.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.coordinator.run.Run;
import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exception in a run's handler fails that run with its message, in run.json and REST, and the
 * run's end is told to whoever waits for it, before and after its files are written.
 */
@ExtendWith(NoBlockedEventLoops.class)
class HandlerFailuresTest {
  private static final String PLAN =
      """
      name: handlers
      target: {protocol: openai-chat, url: http://127.0.0.1:9}
      models: [m]
      load: {mode: closed, stages: [{name: s, duration: 30s, users: 1}]}
      """;

  @TempDir Path dir;
  Vertx vertx;
  Coordinator coordinator;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    coordinator = LocalCoordinators.deploy(vertx, CoordinatorConfig.defaults().withDataDir(dir));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aMergeThatThrowsFailsTheRunWithItsMessageAndEndsIt() throws Exception {
    ScriptedAgent agent = new ScriptedAgent(vertx, coordinator.grpcPort());
    agent.hello("a1", AgentServiceGrpc.PROTOCOL_VERSION);
    WebClient web = WebClient.create(vertx);
    String runId =
        LocalCoordinators.launch(web, coordinator, PLAN).bodyAsJsonObject().getString("id");
    long startUs = agent.prepareAndStart(runId);
    Run run = coordinator.runs().get(runId).orElseThrow();
    Future<Run> waitingBefore = coordinator.runs().ended(run);

    agent.snapshots(snapshot(runId, 1, startUs, 1_000));
    agent.awaitAcks(1);
    // a value of two hours, from a histogram wider than the coordinator's (at most one hour):
    // merging it throws, as a bug or an agent of another build would make it
    agent.snapshots(snapshot(runId, 2, startUs, 7_200_000_000L));

    JsonNode runJson = LocalCoordinators.awaitJson(dir.resolve(runId).resolve("run.json"));
    assertThat(runJson.path("status").asText()).isEqualTo("failed");
    assertThat(runJson.path("error").asText())
        .startsWith("internal error: ")
        .contains("ArrayIndexOutOfBounds");
    assertThat(waitingBefore.await(10, TimeUnit.SECONDS).status().wire()).isEqualTo("failed");
    // asked after the files were written, the run's end is told at once
    assertThat(coordinator.runs().ended(run).await(10, TimeUnit.SECONDS)).isSameAs(run);

    JsonNode rest =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                web.get(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs/" + runId)
                    .send()
                    .await()
                    .bodyAsString());
    assertThat(rest.path("status").asText()).isEqualTo("failed");
    assertThat(rest.path("error").asText()).isEqualTo(runJson.path("error").asText());
    // what was merged before stays: the first snapshot's request
    assertThat(rest.at("/summary/stages/0/all/requests/ok").asLong()).isEqualTo(1);
  }

  private static Snapshot snapshot(String runId, long seq, long startUs, long valueUs) {
    Histogram h = new Histogram(1, 36_000_000_000L, 3);
    h.recordValue(valueUs);
    return Snapshot.newBuilder()
        .setRunId(runId)
        .setAgentId("a1")
        .setSequence(seq)
        .setIntervalStartUs(startUs + (seq - 1) * 1_000_000)
        .setIntervalEndUs(startUs + seq * 1_000_000)
        .addSeries(SnapshotCodec.series("s", "m", LatencyMetric.E2E, h, valueUs, valueUs, 0))
        .addCounters(
            CounterDelta.newBuilder().setStage("s").setModel("m").setName(Counter.OK).setDelta(1))
        .build();
  }
}
