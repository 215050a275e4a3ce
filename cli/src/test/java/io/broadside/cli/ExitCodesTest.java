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
