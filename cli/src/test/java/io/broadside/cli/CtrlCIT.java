package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C keeps what was measured: {@code broadside run} in its own process, sent SIGINT while the
 * run goes, stops the run cleanly (run.json stopped with consistent times and its agent,
 * summary.json, the report, the summary table) and exits 130; a second SIGINT exits at once, saying
 * what was kept.
 */
class CtrlCIT {
  private static final String PLAN =
      """
      name: interrupted
      target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
      models: [llama-2-7b]
      maxTokens: 16
      load: {mode: closed, stages: [{name: long, duration: 60s, users: 4}]}
      """;

  @TempDir Path dir;
  Vertx vertx;
  Simulator sim;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    sim =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults()
                    .withPreset(GpuPreset.FAST)
                    .withRequestLog(dir.resolve("served.jsonl"))
                    .withEphemeralPorts())
            .await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private record Ended(int exit, String output, long tookMs) {}

  /** Runs the plan in a process; once it has run for a while, sends SIGINT {@code times} times. */
  private Ended interrupt(int times) throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, PLAN.formatted(sim.port()));
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dhazelcast.phone.home.enabled=false",
                "-jar",
                Path.of("target", "broadside.jar").toAbsolutePath().toString(),
                "run",
                plan.toString(),
                "--port",
                "0",
                "--out",
                dir.resolve("runs").toString())
            .redirectErrorStream(true)
            .start();
    StringBuilder output = new StringBuilder();
    CompletableFuture<Void> running = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                int runningLines = 0;
                while ((line = r.readLine()) != null) {
                  synchronized (output) {
                    output.append(line).append('\n');
                  }
                  if (line.contains("] running") && ++runningLines == 3) {
                    running.complete(null);
                  }
                }
              } catch (Exception e) {
                running.completeExceptionally(e);
              }
            });
    reader.start();
    try {
      running.get(60, TimeUnit.SECONDS);
      long sent = System.nanoTime();
      for (int i = 0; i < times; i++) {
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        Thread.sleep(50);
      }
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
      reader.join(5_000);
      synchronized (output) {
        return new Ended(p.exitValue(), output.toString(), (System.nanoTime() - sent) / 1_000_000);
      }
    } finally {
      p.destroyForcibly();
    }
  }

  private Path runDir() throws Exception {
    try (var dirs = Files.list(dir.resolve("runs"))) {
      return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  @Test
  void oneCtrlCStopsTheRunAndKeepsEverythingItMeasured() throws Exception {
    Ended e = interrupt(1);

    assertThat(e.exit()).as(e.output()).isEqualTo(130);
    assertThat(e.output())
        .contains("interrupted: stopping run")
        .contains("TTFT p50/p99 ms")
        .contains("stopped by Ctrl-C");
    Path run = runDir();
    JsonNode runJson = new ObjectMapper().readTree(run.resolve("run.json").toFile());
    assertThat(runJson.path("status").asText()).isEqualTo("stopped");
    Instant created = Instant.parse(runJson.path("createdAt").asText());
    Instant started = Instant.parse(runJson.path("startedAt").asText());
    Instant ended = Instant.parse(runJson.path("endedAt").asText());
    assertThat(created).isBeforeOrEqualTo(started);
    assertThat(started).isBefore(ended);
    assertThat(runJson.path("agents")).hasSize(1);
    JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    assertThat(summary.at("/stages/0/all/requests/ok").asLong()).isPositive();
    assertThat(run.resolve("report.html")).exists();
    // nothing was dropped on the way out: every answer the simulator served was merged, once
    sim.close().await();
    long served =
        io.broadside.simulator.log.RequestLogReader.read(dir.resolve("served.jsonl")).stream()
            .filter(entry -> entry.status() == 200)
            .count();
    assertThat(summary.at("/stages/0/all/requests/ok").asLong()).isEqualTo(served);
    assertThat(runJson.at("/agents/0/requests/ok").asLong()).isEqualTo(served);
  }

  @Test
  void aSecondCtrlCExitsAtOnceSayingWhatWasKept() throws Exception {
    Ended e = interrupt(2);

    assertThat(e.exit()).as(e.output()).isEqualTo(130);
    assertThat(e.output()).contains("exiting at once: ").contains("keeps what was acknowledged");
    assertThat(e.tookMs()).isLessThan(5_000);
    assertThat(runDir().resolve("counters.tsv")).exists();
  }
}
