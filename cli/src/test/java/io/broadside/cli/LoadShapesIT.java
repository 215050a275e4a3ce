package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixed-size and replayed shapes against the simulator, checked on the simulator's own request
 * log: a burst arrives at once, a count sends exactly its requests (closed and open), a trace of
 * per-minute counts and a trace of timestamps are replayed on schedule.
 */
@ExtendWith(NoBlockedEventLoops.class)
class LoadShapesIT {
  private static final String HEAD =
      """
      name: shape
      target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
      models: [llama-2-7b]
      dataset: {synthetic: {inputTokens: 8}, seed: 5}
      maxTokens: 4
      """;

  @TempDir Path dir;
  Vertx vertx;
  Simulator sim;
  Path log;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    log = dir.resolve("sim.jsonl");
    sim =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults()
                    .withPreset(GpuPreset.FAST)
                    .withRequestLog(log)
                    .withEphemeralPorts())
            .await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aBurstArrivesAtOnce() throws Exception {
    JsonNode all = run("load: {mode: open, burst: {requests: 40}}");
    assertThat(all.at("/requests/ok").asLong()).isEqualTo(40);
    List<RequestLogEntry> served = served();
    assertThat(served).hasSize(40);
    long first = served.get(0).arrivalUs();
    long last = served.get(served.size() - 1).arrivalUs();
    assertThat(last - first).as("spread of the burst's arrivals, µs").isLessThan(300_000);
  }

  @Test
  void aCountSendsExactlyItsRequestsClosedAndOpen() throws Exception {
    JsonNode closed = run("load: {mode: closed, count: {requests: 37, users: 5}}");
    assertThat(closed.at("/requests/ok").asLong()).isEqualTo(37);
    assertThat(served()).hasSize(37);
    JsonNode open = run("load: {mode: open, count: {requests: 25, rate: 50/s}}");
    assertThat(open.at("/requests/ok").asLong()).isEqualTo(25);
    assertThat(served()).hasSize(37 + 25);
  }

  @Test
  void aTraceOfPerMinuteCountsIsReplayedMinuteByMinute() throws Exception {
    Files.writeString(dir.resolve("counts.csv"), "minute,requests\n0,12\n1,0\n2,30\n");
    JsonNode all = run("load: {mode: open, trace: {file: counts.csv, format: counts, minute: 1s}}");
    assertThat(all.at("/requests/ok").asLong()).isEqualTo(42);
    List<RequestLogEntry> served = served();
    long start = served.get(0).arrivalUs();
    long[] perSecond = new long[3];
    for (RequestLogEntry e : served) {
      // the first arrival is somewhere inside the first minute: allow for it
      perSecond[(int) Math.min(2, (e.arrivalUs() - start + 100_000) / 1_000_000)]++;
    }
    assertThat(perSecond[0]).isBetween(10L, 12L);
    assertThat(perSecond[2]).isBetween(28L, 30L);
    assertThat(perSecond[0] + perSecond[1] + perSecond[2]).isEqualTo(42);
  }

  @Test
  void aTraceOfTimestampsIsReplayedAsGiven() throws Exception {
    Files.writeString(
        dir.resolve("times.csv"),
        "# seconds\n1700000000.0\n1700000000.5\n1700000000.5\n1700000001.25\n");
    JsonNode all = run("load: {mode: open, trace: {file: times.csv, format: timestamps}}");
    assertThat(all.at("/requests/ok").asLong()).isEqualTo(4);
    List<RequestLogEntry> served = served();
    long start = served.get(0).arrivalUs();
    long[] expected = {0, 500_000, 500_000, 1_250_000};
    for (int i = 0; i < 4; i++) {
      assertThat(served.get(i).arrivalUs() - start)
          .as("arrival %d, µs after the first", i)
          .isBetween(expected[i] - 30_000, expected[i] + 30_000);
    }
  }

  @Test
  void everyArrivalOfALongerTraceArrivesUpToTheLast() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      lines.append(i * 0.1 + (i % 3) * 0.013).append('\n');
    }
    Files.writeString(dir.resolve("times30.csv"), lines);
    JsonNode all = run("load: {mode: open, trace: {file: times30.csv, format: timestamps}}");
    assertThat(all.at("/requests/ok").asLong()).isEqualTo(30);
    assertThat(served()).hasSize(30);
  }

  private List<RequestLogEntry> served() throws Exception {
    // the log is flushed as requests end; give the last lines a moment
    Thread.sleep(200);
    List<RequestLogEntry> entries = new java.util.ArrayList<>(RequestLogReader.read(log));
    entries.sort(java.util.Comparator.comparingLong(RequestLogEntry::arrivalUs));
    return entries;
  }

  /** Runs a plan with this load; the all-models row of its only stage. */
  private JsonNode run(String load) throws Exception {
    PlanRuns.Result r = PlanRuns.run(dir, HEAD.formatted(sim.port()) + load + "\n");
    assertThat(r.exit()).isZero();
    assertThat(r.summary().path("stages")).hasSize(1);
    return r.summary().at("/stages/0/all");
  }
}
