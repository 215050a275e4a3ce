package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.testing.NoBlockedEventLoops;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes of DESIGN.md §7: a failed threshold is 1, a run that could not run is 3. */
@ExtendWith(NoBlockedEventLoops.class)
class ExitCodesTest {
  @TempDir Path dir;

  @Test
  void failedThresholdExitsWithOneAndSaysWhichGate() throws Exception {
    Path plan = dir.resolve("gate.yaml");
    Files.writeString(
        plan,
        """
        name: gate
        target: {protocol: openai-completions, url: http://127.0.0.1:1, stream: true}
        models: [llama-2-7b]
        maxTokens: 4
        load: {mode: closed, stages: [{name: only, duration: 1s, users: 2}]}
        thresholds: {ttft.p50: 1us, errorRate: 1%}
        """);
    String out =
        captureOut(
            () ->
                Main.execute(
                    "demo",
                    "--plan",
                    plan.toString(),
                    "--preset",
                    "fast",
                    "--port",
                    "0",
                    "--out",
                    dir.resolve("runs").toString()),
            1);
    assertThat(out).contains("FAILED threshold ttft.p50 <= 1us failed in stage only");
    assertThat(out).doesNotContain("threshold errorRate");
  }

  @Test
  void aRunWhereEveryRequestFailedExitsWithOneSayingWhyAndBacksOff() throws Exception {
    Path plan = dir.resolve("dead.yaml");
    Files.writeString(
        plan,
        """
        name: dead
        target: {protocol: openai-chat, url: http://127.0.0.1:1, stream: true}
        models: [llama-2-7b]
        maxTokens: 4
        load: {mode: closed, thinkTime: 0s, stages: [{name: only, duration: 2s, users: 2}]}
        """);
    Path runs = dir.resolve("runs");
    String out =
        captureOut(
            () -> Main.execute("run", plan.toString(), "--port", "0", "--out", runs.toString()), 1);

    assertThat(out)
        .containsPattern(
            "FAILED every request failed \\(\\d+\\): connect: connection refused 127.0.0.1:1")
        .contains(
            "error connect (first, stage only, model llama-2-7b): connection refused 127.0.0.1:1")
        .containsPattern("connect +\\d+  stage only, model llama-2-7b: connection refused");
    com.fasterxml.jackson.databind.JsonNode summary = summaryOf(runs);
    com.fasterxml.jackson.databind.JsonNode all = summary.at("/stages/0/all");
    long failed = all.at("/requests/failed").asLong();
    assertThat(all.at("/requests/ok").asLong()).isZero();
    assertThat(summary.at("/failures/0/errorClass").asText()).isEqualTo("connect");
    assertThat(summary.at("/failures/0/count").asLong()).isEqualTo(failed);
    assertThat(summary.at("/failures/0/detail").asText())
        .isEqualTo("connection refused 127.0.0.1:1");
    // two users backing off 10 ms doubling to 1 s: about ten attempts each in 2 s, not thousands
    assertThat(failed).isBetween(2L, 60L);
    assertThat(all.at("/backoffs").asLong()).isBetween(failed - 2, failed);

    // run.json carries the version --version prints, the build's own
    String version = captureOut(() -> Main.execute("--version"), 0).strip();
    assertThat(version).matches("broadside \\d+\\.\\d+\\.\\d+.*");
    try (var dirs = Files.list(runs)) {
      Path run = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
      assertThat(
              "broadside "
                  + new com.fasterxml.jackson.databind.ObjectMapper()
                      .readTree(run.resolve("run.json").toFile())
                      .at("/versions/broadside")
                      .asText())
          .isEqualTo(version);
    }
  }

  @Test
  void aWrongModelNameIsToldByItsClassAndFirstMessage() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    var sim =
        io.broadside.simulator.Simulator.start(
                vertx,
                io.broadside.simulator.config.SimulatorConfig.defaults()
                    .withPreset(io.broadside.simulator.config.GpuPreset.FAST)
                    .withModels(java.util.List.of("granite-3b"))
                    .withEphemeralPorts())
            .await();
    Path plan = dir.resolve("wrong-model.yaml");
    Files.writeString(
        plan,
        """
        name: wrong-model
        target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
        models: [no-such-model]
        maxTokens: 4
        load: {mode: closed, thinkTime: 0s, stages: [{name: only, duration: 1s, users: 1}]}
        """
            .formatted(sim.port()));
    Path runs = dir.resolve("runs");
    String out;
    try {
      out =
          captureOut(
              () -> Main.execute("run", plan.toString(), "--port", "0", "--out", runs.toString()),
              1);
    } finally {
      sim.close().await();
      vertx.close().await();
    }

    com.fasterxml.jackson.databind.JsonNode failure = summaryOf(runs).at("/failures/0");
    assertThat(failure.path("errorClass").asText()).isEqualTo("http_404");
    assertThat(failure.path("detail").asText()).contains("no-such-model");
    assertThat(out).contains("FAILED every request failed").contains("http_404");
  }

  private static com.fasterxml.jackson.databind.JsonNode summaryOf(Path runs) throws Exception {
    try (var dirs = Files.list(runs)) {
      Path run = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(run.resolve("summary.json").toFile());
    }
  }

  @Test
  void agentThatCannotPrepareFailsTheRunWithThree() throws Exception {
    Path plan = dir.resolve("auth.yaml");
    Files.writeString(
        plan,
        """
        name: auth
        target: {protocol: openai-chat, url: http://127.0.0.1:9, auth: {bearerEnv: BROADSIDE_UNSET_TEST_TOKEN}}
        models: [m]
        load: {mode: closed, stages: [{duration: 1s, users: 1}]}
        """);
    String out =
        captureOut(
            () ->
                Main.execute(
                    "run", plan.toString(), "--port", "0", "--out", dir.resolve("runs").toString()),
            3);
    assertThat(out).contains("failed").contains("BROADSIDE_UNSET_TEST_TOKEN");
  }

  private static String captureOut(Callable<Integer> command, int expectedExit) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true));
    int exit;
    try {
      exit = command.call();
    } finally {
      System.setOut(old);
    }
    String out = buf.toString();
    assertThat(exit).as(out).isEqualTo(expectedExit);
    return out;
  }
}
