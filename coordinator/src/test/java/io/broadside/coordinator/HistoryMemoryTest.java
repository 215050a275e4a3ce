package io.broadside.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.coordinator.run.Run;
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
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded coordinator memory: an ended run lets its merged histograms go once it has left /metrics,
 * keeping its summary; 1,000 runs in history cost a coordinator a few megabytes of heap, not one
 * histogram set each (measured after GC).
 */
@ExtendWith(NoBlockedEventLoops.class)
class HistoryMemoryTest {
  private static final String PLAN =
      """
      name: history
      target: {protocol: openai-chat, url: http://127.0.0.1:9}
      models: [m]
      load: {mode: closed, stages: [{name: s, duration: 1s, users: 1}]}
      """;

  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void anEndedRunLetsItsHistogramsGoAfterTheRetentionAndKeepsItsSummary() throws Exception {
    Coordinator coordinator =
        LocalCoordinators.deploy(
            vertx,
            CoordinatorConfig.defaults()
                .withDataDir(dir)
                .withMetrics(Duration.ofSeconds(30), Duration.ofMillis(200)));
    ScriptedAgent agent = new ScriptedAgent(vertx, coordinator.grpcPort());
    agent.hello("a1", AgentServiceGrpc.PROTOCOL_VERSION);
    WebClient web = WebClient.create(vertx);
    String runId =
        LocalCoordinators.launch(web, coordinator, PLAN).bodyAsJsonObject().getString("id");
    long startUs = agent.prepareAndStart(runId);
    Histogram h = Histograms.newHistogram();
    h.recordValueWithCount(1_000, 5);
    agent.snapshots(
        Snapshot.newBuilder()
            .setRunId(runId)
            .setAgentId("a1")
            .setSequence(1)
            .setIntervalStartUs(startUs)
            .setIntervalEndUs(startUs + 1_000_000)
            .addSeries(SnapshotCodec.series("s", "m", LatencyMetric.E2E, h, 5_000, 1_000, 0))
            .addCounters(
                CounterDelta.newBuilder()
                    .setStage("s")
                    .setModel("m")
                    .setName(Counter.OK)
                    .setDelta(5))
            .build());
    agent.awaitAcks(1);
    agent.send(
        AgentMessage.newBuilder()
            .setRunEnded(RunEnded.newBuilder().setRunId(runId).setLastSequence(1))
            .build());
    LocalCoordinators.awaitJson(dir.resolve(runId).resolve("run.json"));
    Run run = coordinator.runs().get(runId).orElseThrow();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!run.aggregate().cells().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    assertThat(run.aggregate().cells()).as("merged histograms after the retention").isEmpty();
    assertThat(run.summaryOnDisk()).isTrue();
    JsonNode summary =
        new ObjectMapper()
            .readTree(
                web.get(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs/" + runId + "/summary")
                    .send()
                    .await()
                    .bodyAsString());
    assertThat(summary.at("/stages/0/all/requests/ok").asLong()).isEqualTo(5);
    assertThat(summary.at("/stages/0/all/latency/e2e/p50").asDouble()).isEqualTo(0.001);
  }

  @Test
  void aThousandRunsInHistoryCostAFewMegabytes() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path history = Files.createDirectories(dir.resolve("history"));
    String summary = summaryJson();
    for (int i = 0; i < 1_000; i++) {
      String id = String.format("20261204-0000%02d-%04x", i % 60, i);
      Path run = Files.createDirectories(history.resolve(id));
      Files.writeString(run.resolve("plan.yaml"), PLAN);
      Files.writeString(
          run.resolve("run.json"),
          """
          {"id": "%s", "status": "completed", "error": null, "createdAt": "2026-12-04T00:00:00Z",
           "startedAt": "2026-12-04T00:00:01Z", "endedAt": "2026-12-04T00:00:02Z"}
          """
              .formatted(id));
      Files.writeString(run.resolve("summary.json"), summary.replace("RUN", id));
    }

    long base = heapWith(empty);
    long full = heapWith(history);
    long perRun = (full - base) / 1_000;
    System.out.printf(
        "history memory: %d runs cost %.1f MiB of heap after GC, %d bytes each%n",
        1_000, (full - base) / 1048576.0, perRun);
    // one histogram of the standard shape alone is 189 KiB
    assertThat(perRun).as("heap per run in history, bytes").isLessThan(32 * 1024);
  }

  /** Heap after GC with a coordinator started on {@code data} (its history read). */
  private long heapWith(Path data) throws Exception {
    Vertx v = Vertx.vertx();
    try {
      Coordinator c = LocalCoordinators.deploy(v, CoordinatorConfig.defaults().withDataDir(data));
      assertThat(c.runs().all()).hasSize(data.endsWith("empty") ? 0 : 1_000);
      // a run of the history holds no summary: it is read from summary.json when asked for
      assertThat(c.runs().all()).allSatisfy(run -> assertThat(run.summaryOnDisk()).isTrue());
      return usedHeapAfterGc();
    } finally {
      v.close().await();
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** A summary.json of one stage and one model, every latency filled. */
  private static String summaryJson() {
    String latency =
        "{\"count\": 3, \"mean\": 0.2, \"p50\": 0.19, \"p90\": 0.3, \"p95\": 0.31,"
            + " \"p99\": 0.32, \"p999\": 0.32, \"max\": 0.32}";
    String row =
        """
        {"model": "%s", "requests": {"ok": 3, "failed": 1, "dropped": 0, "interrupted": 0},
         "errors": {"http_503": 1},
         "latency": {"e2e": L, "ttft": L, "ttfc": L, "tpot": L, "itl": L, "queue": L,
                     "service": L, "cold": L},
         "throughput": {"requestsPerS": 0.1, "outputTokensPerS": 12.8, "totalTokensPerS": 40},
         "goodputPerS": 0.1, "cost": null, "tokenSource": "server", "outputTokens": 384,
         "promptTokens": 768, "windowS": 30.0, "outOfRange": 0, "backoffs": 0}
        """
            .replace("L", latency);
    return """
        {"run": "RUN", "status": "completed",
         "stages": [{"name": "s", "models": [%s], "all": %s}]}
        """
        .formatted(row.formatted("m"), row.formatted("*"));
  }
}
