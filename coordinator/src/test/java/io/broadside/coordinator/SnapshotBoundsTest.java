package io.broadside.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.AgentMessage;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.RunEnded;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an agent's snapshots may make the coordinator keep: only its run's own stages and models,
 * and sequences within its window. 10,000 invented stage names and a sequence 10^9 ahead are
 * rejected and leave the heap as it was; 1,000 agents that say hello and go leave the registry
 * empty again.
 */
@ExtendWith(NoBlockedEventLoops.class)
class SnapshotBoundsTest {
  private static final String PLAN =
      """
      name: bounds
      target: {protocol: openai-chat, url: http://127.0.0.1:9}
      models: [m]
      load: {mode: closed, stages: [{name: s, duration: 1s, users: 1}]}
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

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void inventedStagesAndFarSequencesAreRejected() throws Exception {
    ScriptedAgent agent = new ScriptedAgent(vertx, coordinator.grpcPort());
    agent.hello("a1", AgentServiceGrpc.PROTOCOL_VERSION);
    String runId =
        LocalCoordinators.launch(WebClient.create(vertx), coordinator, PLAN)
            .bodyAsJsonObject()
            .getString("id");
    long startUs = agent.prepareAndStart(runId);

    agent.snapshots(snapshot(runId, 1, startUs, "s", 5));
    agent.awaitAcks(1);
    long before = usedHeapAfterGc();
    // 100 snapshots of 100 series each: 10,000 stage names the plan does not have
    for (int k = 0; k < 100; k++) {
      Snapshot.Builder forged = snapshot(runId, 2 + k, startUs, "s", 1).toBuilder().clearSeries();
      Histogram h = Histograms.newHistogram();
      h.recordValue(1_000);
      for (int j = 0; j < 100; j++) {
        forged.addSeries(
            SnapshotCodec.series("x-" + k + "-" + j, "m", LatencyMetric.E2E, h, 1_000, 1_000, 0));
      }
      agent.snapshots(forged.build());
    }
    agent.snapshots(snapshot(runId, 1_000_000_000L, startUs, "s", 1_000));
    agent.awaitAcks(101);
    long growth = usedHeapAfterGc() - before;
    assertThat(growth).as("heap growth, bytes").isLessThan(10L * 1024 * 1024);

    agent.send(
        AgentMessage.newBuilder()
            .setRunEnded(RunEnded.newBuilder().setRunId(runId).setLastSequence(1))
            .build());
    JsonNode run = LocalCoordinators.awaitJson(dir.resolve(runId).resolve("run.json"));
    assertThat(run.path("status").asText()).isEqualTo("completed");
    assertThat(run.path("rejectedSnapshots").asInt()).isEqualTo(101);
    JsonNode summary =
        new ObjectMapper().readTree(dir.resolve(runId).resolve("summary.json").toFile());
    assertThat(summary.path("stages")).hasSize(1);
    assertThat(summary.path("stages").get(0).path("all").path("requests").path("ok").asLong())
        .isEqualTo(5);
    assertThat(Files.readString(dir.resolve(runId).resolve("counters.tsv"))).doesNotContain("x-");
  }

  @Test
  void agentsThatSayHelloAndGoLeaveTheRegistry() throws Exception {
    var web = WebClient.create(vertx);
    long started = System.nanoTime();
    for (int batch = 0; batch < 10; batch++) {
      ScriptedAgent[] agents = new ScriptedAgent[100];
      for (int i = 0; i < agents.length; i++) {
        agents[i] = new ScriptedAgent(vertx, coordinator.grpcPort());
        agents[i].hello("passing-" + batch + "-" + i, AgentServiceGrpc.PROTOCOL_VERSION);
      }
      io.vertx.core.Future.all(java.util.Arrays.stream(agents).map(ScriptedAgent::closing).toList())
          .await();
    }
    // well before the link's read-idle timeout (10 s) would drop any of them
    long deadline = started + TimeUnit.SECONDS.toNanos(9);
    int size;
    do {
      Thread.sleep(50);
      size =
          web.get(coordinator.httpPort(), "127.0.0.1", "/api/v1/agents")
              .send()
              .await()
              .bodyAsJsonArray()
              .size();
    } while (size != 0 && System.nanoTime() < deadline);
    assertThat(size).as("agents in the registry").isZero();
  }

  private static Snapshot snapshot(String runId, long seq, long startUs, String stage, int n) {
    Histogram h = Histograms.newHistogram();
    h.recordValueWithCount(1_000, n);
    long slot = Math.min(seq, 1_000);
    return Snapshot.newBuilder()
        .setRunId(runId)
        .setAgentId("a1")
        .setSequence(seq)
        .setIntervalStartUs(startUs + (slot - 1) * 1_000_000)
        .setIntervalEndUs(startUs + slot * 1_000_000)
        .addSeries(SnapshotCodec.series(stage, "m", LatencyMetric.E2E, h, 1_000L * n, 1_000, 0))
        .addCounters(
            CounterDelta.newBuilder().setStage(stage).setModel("m").setName(Counter.OK).setDelta(n))
        .build();
  }
}
