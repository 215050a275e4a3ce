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
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.RunEnded;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator against a scripted agent speaking the real gRPC contract: snapshots that arrive
 * twice or out of order are merged exactly once, and an agent of another protocol version is
 * refused with a clear reason.
 */
@ExtendWith(NoBlockedEventLoops.class)
class SnapshotDeliveryTest {
  private static final String PLAN =
      """
      name: delivery
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
    coordinator =
        new Coordinator(
            CoordinatorConfig.defaults()
                .withPorts(0, 0)
                .withDataDir(dir)
                .withTiming(Duration.ofSeconds(2), Duration.ofMillis(50)));
    vertx.deployVerticle(coordinator).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void duplicateAndReorderedSnapshotsAreMergedExactlyOnce() throws Exception {
    ScriptedAgent agent = new ScriptedAgent(vertx, coordinator.grpcPort());
    assertThat(agent.hello("a1", AgentServiceGrpc.PROTOCOL_VERSION).getWelcome().getAccepted())
        .isTrue();

    var created =
        WebClient.create(vertx)
            .post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs")
            .putHeader("Content-Type", "application/yaml")
            .sendBuffer(Buffer.buffer(PLAN))
            .await();
    assertThat(created.statusCode()).isEqualTo(201);
    String runId = created.bodyAsJsonObject().getString("id");
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/runs/" + runId);

    CoordinatorMessage prepare = agent.next();
    assertThat(prepare.getPrepare().getRunId()).isEqualTo(runId);
    assertThat(prepare.getPrepare().getPlanText()).isEqualTo(PLAN);
    agent.ready(runId);
    long startUs = agent.next().getStartAt().getStartUs();
    assertThat(startUs).isPositive();

    Snapshot one = snapshot(runId, 1, startUs, 1_000, 5);
    // the agent saturated in its second and third intervals: its load thread at 95% of a core
    Snapshot two =
        snapshot(runId, 2, startUs, 2_000, 7).toBuilder()
            .setLoadCpuRatio(0.95)
            .setCpuRatio(0.5)
            .build();
    Snapshot three =
        snapshot(runId, 3, startUs, 3_000, 11).toBuilder()
            .setLoadCpuRatio(0.96)
            .setCpuRatio(0.6)
            .build();
    agent.snapshots(one, one, three, two, three);
    agent.awaitAcks(5);
    agent.send(
        AgentMessage.newBuilder()
            .setRunEnded(RunEnded.newBuilder().setRunId(runId).setLastSequence(3))
            .build());

    Path runDir = dir.resolve(runId);
    JsonNode run = LocalCoordinators.awaitJson(runDir.resolve("run.json"));
    assertThat(run.path("status").asText()).isEqualTo("completed");
    assertThat(run.path("duplicateSnapshots").asInt()).isEqualTo(2);
    assertThat(run.path("graceTimeouts").asInt()).isZero();
    JsonNode row =
        new ObjectMapper()
            .readTree(runDir.resolve("summary.json").toFile())
            .path("stages")
            .get(0)
            .path("all");
    assertThat(row.path("requests").path("ok").asLong()).isEqualTo(5 + 7 + 11);
    JsonNode e2e = row.path("latency").path("e2e");
    assertThat(e2e.path("count").asLong()).isEqualTo(5 + 7 + 11);
    assertThat(e2e.path("max").asDouble()).isEqualTo(3_000 / 1e6);
    assertThat(e2e.path("mean").asDouble())
        .isEqualTo((5 * 1_000 + 7 * 2_000 + 11 * 3_000) / 1e6 / 23);
    assertThat(Files.readString(runDir.resolve("histograms.hlog"))).contains("Tag=e2e/s/m,");
    JsonNode generator =
        new ObjectMapper().readTree(runDir.resolve("summary.json").toFile()).path("generator");
    assertThat(generator.path("saturated").asBoolean()).isTrue();
    assertThat(generator.path("verdict").asText()).isEqualTo("saturated");
    assertThat(generator.path("reason").asText())
        .contains("agent a1's load thread")
        .contains("96%");
    assertThat(generator.path("agents").get(0).path("cpuMax").asDouble()).isEqualTo(0.6);
    assertThat(generator.path("agents").get(0).path("loadCpuMax").asDouble()).isEqualTo(0.96);
    assertThat(generator.path("agents").get(0).path("saturatedIntervals").asLong()).isEqualTo(2);
  }

  @Test
  void interruptedRunIsReadBackAfterARestartWithEverythingAcknowledged() throws Exception {
    ScriptedAgent agent = new ScriptedAgent(vertx, coordinator.grpcPort());
    agent.hello("a1", AgentServiceGrpc.PROTOCOL_VERSION);
    String runId =
        WebClient.create(vertx)
            .post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs")
            .putHeader("Content-Type", "application/yaml")
            .sendBuffer(Buffer.buffer(PLAN.replace("duration: 1s", "duration: 60s")))
            .await()
            .bodyAsJsonObject()
            .getString("id");
    long startUs = agent.prepareAndStart(runId);
    agent.snapshots(snapshot(runId, 1, startUs, 1_000, 5), snapshot(runId, 2, startUs, 2_000, 7));
    agent.awaitAcks(2);

    vertx.close().await(); // the coordinator stops mid-run
    assertThat(dir.resolve(runId).resolve("run.json")).doesNotExist();
    vertx = Vertx.vertx();
    coordinator = new Coordinator(CoordinatorConfig.defaults().withPorts(0, 0).withDataDir(dir));
    vertx.deployVerticle(coordinator).await();

    JsonNode run =
        new ObjectMapper()
            .readTree(
                WebClient.create(vertx)
                    .get(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs/" + runId)
                    .send()
                    .await()
                    .bodyAsString());
    assertThat(run.path("status").asText()).isEqualTo("interrupted");
    JsonNode all = run.path("summary").path("stages").get(0).path("all");
    assertThat(all.path("requests").path("ok").asLong()).isEqualTo(12);
    assertThat(all.path("latency").path("e2e").path("count").asLong()).isEqualTo(12);
    assertThat(all.path("latency").path("e2e").path("max").asDouble()).isEqualTo(2_000 / 1e6);
    JsonNode onDisk = LocalCoordinators.awaitJson(dir.resolve(runId).resolve("run.json"));
    assertThat(onDisk.path("status").asText()).isEqualTo("interrupted");
  }

  @Test
  void aMergedCountIsOnMetricsAtOnceNotAtTheNextTick() throws Exception {
    // ticks (the windows' advance) 30 s apart: none comes during this test
    vertx.close().await();
    vertx = Vertx.vertx();
    coordinator =
        new Coordinator(
            CoordinatorConfig.defaults()
                .withPorts(0, 0)
                .withDataDir(dir)
                .withTiming(Duration.ofSeconds(2), Duration.ofMillis(50))
                .withSnapshotInterval(Duration.ofSeconds(30)));
    vertx.deployVerticle(coordinator).await();
    ScriptedAgent agent = new ScriptedAgent(vertx, coordinator.grpcPort());
    agent.hello("a1", AgentServiceGrpc.PROTOCOL_VERSION);
    String runId =
        WebClient.create(vertx)
            .post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs")
            .putHeader("Content-Type", "application/yaml")
            .sendBuffer(Buffer.buffer(PLAN.replace("duration: 1s", "duration: 60s")))
            .await()
            .bodyAsJsonObject()
            .getString("id");
    long startUs = agent.prepareAndStart(runId);
    String line = "broadside_requests_total{model_name=\"m\",outcome=\"ok\",run=\"" + runId + "\"";
    assertThat(okOnMetrics(line)).isEqualTo(0);
    agent.snapshots(snapshot(runId, 1, startUs, 1_000, 5));
    agent.awaitAcks(1);
    assertThat(okOnMetrics(line)).isEqualTo(5);
    agent.snapshots(snapshot(runId, 2, startUs, 2_000, 7));
    agent.awaitAcks(1);
    assertThat(okOnMetrics(line)).isEqualTo(12);
  }

  /** The value of the first /metrics line starting with {@code prefix}; 0 when there is none. */
  private long okOnMetrics(String prefix) {
    String body =
        WebClient.create(vertx)
            .get(coordinator.httpPort(), "127.0.0.1", "/metrics")
            .send()
            .await()
            .bodyAsString();
    return body.lines()
        .filter(l -> l.startsWith(prefix))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(0);
  }

  @Test
  void agentOfAnotherProtocolVersionIsRefusedWithTheReason() throws Exception {
    var welcome = new ScriptedAgent(vertx, coordinator.grpcPort()).hello("old", 99).getWelcome();
    assertThat(welcome.getAccepted()).isFalse();
    assertThat(welcome.getReason())
        .contains("protocol version 99 is not supported")
        .contains("version " + AgentServiceGrpc.PROTOCOL_VERSION);
    var agents =
        WebClient.create(vertx)
            .get(coordinator.httpPort(), "127.0.0.1", "/api/v1/agents")
            .send()
            .await();
    assertThat(agents.bodyAsJsonArray()).isEmpty();
  }

  /** One interval in which {@code n} requests took {@code micros} each. */
  private static Snapshot snapshot(String runId, long seq, long startUs, long micros, int n) {
    Histogram h = Histograms.newHistogram();
    h.recordValueWithCount(micros, n);
    return Snapshot.newBuilder()
        .setRunId(runId)
        .setAgentId("a1")
        .setSequence(seq)
        .setIntervalStartUs(startUs + (seq - 1) * 1_000_000)
        .setIntervalEndUs(startUs + seq * 1_000_000)
        .addSeries(SnapshotCodec.series("s", "m", LatencyMetric.E2E, h, micros * n, micros, 0))
        .addCounters(
            CounterDelta.newBuilder().setStage("s").setModel("m").setName(Counter.OK).setDelta(n))
        .build();
  }
}
