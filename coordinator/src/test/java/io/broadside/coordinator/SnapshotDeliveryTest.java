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
import io.broadside.protocol.v1.Hello;
import io.broadside.protocol.v1.Ready;
import io.broadside.protocol.v1.RunEnded;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.SnapshotAck;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    BlockingQueue<CoordinatorMessage> inbox = new LinkedBlockingQueue<>();
    GrpcClient grpc = GrpcClient.client(vertx);
    SocketAddress address = SocketAddress.inetSocketAddress(coordinator.grpcPort(), "127.0.0.1");
    GrpcClientRequest<AgentMessage, CoordinatorMessage> control =
        grpc.request(address, AgentServiceGrpc.CONTROL_CLIENT).await();
    control.response().onSuccess(r -> r.handler(inbox::add));
    control.write(hello("a1", AgentServiceGrpc.PROTOCOL_VERSION)).await();
    assertThat(next(inbox).getWelcome().getAccepted()).isTrue();

    var created =
        WebClient.create(vertx)
            .post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs")
            .sendBuffer(Buffer.buffer(PLAN))
            .await();
    assertThat(created.statusCode()).isEqualTo(201);
    String runId = created.bodyAsJsonObject().getString("id");
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/runs/" + runId);

    CoordinatorMessage prepare = next(inbox);
    assertThat(prepare.getPrepare().getRunId()).isEqualTo(runId);
    assertThat(prepare.getPrepare().getPlanText()).isEqualTo(PLAN);
    control.write(
        AgentMessage.newBuilder().setReady(Ready.newBuilder().setRunId(runId).setOk(true)).build());
    long startUs = next(inbox).getStartAt().getStartUs();
    assertThat(startUs).isPositive();

    BlockingQueue<SnapshotAck> acks = new LinkedBlockingQueue<>();
    GrpcClientRequest<Snapshot, SnapshotAck> snapshots =
        grpc.request(address, AgentServiceGrpc.SNAPSHOTS_CLIENT).await();
    snapshots.response().onSuccess(r -> r.handler(acks::add));
    Snapshot one = snapshot(runId, 1, startUs, 1_000, 5);
    Snapshot two = snapshot(runId, 2, startUs, 2_000, 7);
    // the agent was saturated in its third interval: its CPU at 95%
    Snapshot three = snapshot(runId, 3, startUs, 3_000, 11).toBuilder().setCpuRatio(0.95).build();
    for (Snapshot s : new Snapshot[] {one, one, three, two, three}) {
      snapshots.write(s);
    }
    for (int i = 0; i < 5; i++) {
      assertThat(acks.poll(10, TimeUnit.SECONDS)).isNotNull();
    }
    control.write(
        AgentMessage.newBuilder()
            .setRunEnded(RunEnded.newBuilder().setRunId(runId).setLastSequence(3))
            .build());

    Path runDir = dir.resolve(runId);
    JsonNode run = awaitFile(runDir.resolve("run.json"));
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
    assertThat(generator.path("agents").get(0).path("cpuMax").asDouble()).isEqualTo(0.95);
    assertThat(generator.path("agents").get(0).path("saturatedIntervals").asLong()).isEqualTo(1);
  }

  @Test
  void interruptedRunIsReadBackAfterARestartWithEverythingAcknowledged() throws Exception {
    BlockingQueue<CoordinatorMessage> inbox = new LinkedBlockingQueue<>();
    GrpcClient grpc = GrpcClient.client(vertx);
    SocketAddress address = SocketAddress.inetSocketAddress(coordinator.grpcPort(), "127.0.0.1");
    GrpcClientRequest<AgentMessage, CoordinatorMessage> control =
        grpc.request(address, AgentServiceGrpc.CONTROL_CLIENT).await();
    control.response().onSuccess(r -> r.handler(inbox::add));
    control.write(hello("a1", AgentServiceGrpc.PROTOCOL_VERSION)).await();
    next(inbox);
    String runId =
        WebClient.create(vertx)
            .post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs")
            .sendBuffer(Buffer.buffer(PLAN.replace("duration: 1s", "duration: 60s")))
            .await()
            .bodyAsJsonObject()
            .getString("id");
    next(inbox);
    control.write(
        AgentMessage.newBuilder().setReady(Ready.newBuilder().setRunId(runId).setOk(true)).build());
    long startUs = next(inbox).getStartAt().getStartUs();
    BlockingQueue<SnapshotAck> acks = new LinkedBlockingQueue<>();
    GrpcClientRequest<Snapshot, SnapshotAck> snapshots =
        grpc.request(address, AgentServiceGrpc.SNAPSHOTS_CLIENT).await();
    snapshots.response().onSuccess(r -> r.handler(acks::add));
    snapshots.write(snapshot(runId, 1, startUs, 1_000, 5));
    snapshots.write(snapshot(runId, 2, startUs, 2_000, 7));
    for (int i = 0; i < 2; i++) {
      assertThat(acks.poll(10, TimeUnit.SECONDS)).isNotNull();
    }

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
    JsonNode onDisk = awaitFile(dir.resolve(runId).resolve("run.json"));
    assertThat(onDisk.path("status").asText()).isEqualTo("interrupted");
  }

  @Test
  void agentOfAnotherProtocolVersionIsRefusedWithTheReason() throws Exception {
    BlockingQueue<CoordinatorMessage> inbox = new LinkedBlockingQueue<>();
    GrpcClient grpc = GrpcClient.client(vertx);
    GrpcClientRequest<AgentMessage, CoordinatorMessage> control =
        grpc.request(
                SocketAddress.inetSocketAddress(coordinator.grpcPort(), "127.0.0.1"),
                AgentServiceGrpc.CONTROL_CLIENT)
            .await();
    control.response().onSuccess(r -> r.handler(inbox::add));
    control.write(hello("old", 99)).await();
    var welcome = next(inbox).getWelcome();
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

  private static AgentMessage hello(String id, int version) {
    return AgentMessage.newBuilder()
        .setHello(
            Hello.newBuilder()
                .setProtocolVersion(version)
                .setAgentId(id)
                .setHost("test")
                .setCores(1))
        .build();
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
        .addSeries(SnapshotCodec.series("s", "m", LatencyMetric.E2E, h, micros * n, micros))
        .addCounters(
            CounterDelta.newBuilder().setStage("s").setModel("m").setName(Counter.OK).setDelta(n))
        .build();
  }

  /** The next message that is not a ping (pings keep the agent's lease and clock). */
  private static CoordinatorMessage next(BlockingQueue<CoordinatorMessage> inbox)
      throws InterruptedException {
    while (true) {
      CoordinatorMessage m = inbox.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message from the coordinator").isNotNull();
      if (!m.hasPing()) {
        return m;
      }
    }
  }

  private static JsonNode awaitFile(Path file) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(50);
    return new ObjectMapper().readTree(file.toFile());
  }
}
