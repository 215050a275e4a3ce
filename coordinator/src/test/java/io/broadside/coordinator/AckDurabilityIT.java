package io.broadside.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.Snapshot;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledgement means on disk: the coordinator is killed (SIGKILL) right after a burst of
 * acknowledged snapshots, started again on its data folder, and the interrupted run it reads back
 * holds every acknowledged snapshot, exactly.
 */
class AckDurabilityIT {
  private static final String PLAN =
      """
      name: durable
      target: {protocol: openai-chat, url: http://127.0.0.1:9}
      models: [m]
      load: {mode: closed, stages: [{name: s, duration: 10m, users: 1}]}
      """;
  private static final int SNAPSHOTS = 200;

  @TempDir Path data;
  final Vertx vertx = Vertx.vertx();
  Process coordinator;

  @AfterEach
  void stop() {
    if (coordinator != null) {
      coordinator.destroyForcibly();
    }
    vertx.close().await();
  }

  @Test
  void everyAcknowledgedSnapshotSurvivesAKill() throws Exception {
    int http = CoordinatorProcess.freePort();
    int grpc = CoordinatorProcess.freePort();
    coordinator = CoordinatorProcess.start(data, http, grpc);
    WebClient web = WebClient.create(vertx);
    ScriptedAgent agent = new ScriptedAgent(vertx, grpc);
    agent.hello("a1", AgentServiceGrpc.PROTOCOL_VERSION);
    String runId =
        web.post(http, "127.0.0.1", "/api/v1/runs")
            .putHeader("Content-Type", "application/yaml")
            .sendBuffer(Buffer.buffer(PLAN))
            .await()
            .bodyAsJsonObject()
            .getString("id");
    long startUs = agent.prepareAndStart(runId);

    // a burst: snapshot k holds k requests of k ms
    Snapshot[] burst = new Snapshot[SNAPSHOTS];
    long expected = 0;
    for (int k = 1; k <= SNAPSHOTS; k++) {
      burst[k - 1] = snapshot(runId, k, startUs);
      expected += k;
    }
    agent.snapshots(burst);
    agent.awaitAcks(SNAPSHOTS);
    coordinator.destroyForcibly().waitFor();
    agent.closing();

    coordinator = CoordinatorProcess.start(data, http, grpc);
    JsonNode run =
        new ObjectMapper()
            .readTree(
                web.get(http, "127.0.0.1", "/api/v1/runs/" + runId).send().await().bodyAsString());
    assertThat(run.path("status").asText()).isEqualTo("interrupted");
    JsonNode all = run.at("/summary/stages/0/all");
    assertThat(all.at("/requests/ok").asLong()).isEqualTo(expected);
    assertThat(all.at("/latency/e2e/count").asLong()).isEqualTo(expected);
    // read back from the histogram log: the max within its bucket (0.1%)
    assertThat(all.at("/latency/e2e/max").asDouble()).isBetween(0.2, 0.2002);
  }

  private static Snapshot snapshot(String runId, long k, long startUs) {
    Histogram h = Histograms.newHistogram();
    h.recordValueWithCount(k * 1000, k);
    return Snapshot.newBuilder()
        .setRunId(runId)
        .setAgentId("a1")
        .setSequence(k)
        .setIntervalStartUs(startUs + (k - 1) * 1_000_000)
        .setIntervalEndUs(startUs + k * 1_000_000)
        .addSeries(SnapshotCodec.series("s", "m", LatencyMetric.E2E, h, k * k * 1000, k * 1000, 0))
        .addCounters(
            CounterDelta.newBuilder().setStage("s").setModel("m").setName(Counter.OK).setDelta(k))
        .build();
  }
}
