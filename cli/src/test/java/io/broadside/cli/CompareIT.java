package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code broadside compare} on real runs against the simulator: a server 10% slower per token is a
 * regression of TPOT and throughput (exit 1), while runs of one configuration with other seeds are
 * the same (exit 0) in every metric, for several pairs.
 */
@ExtendWith(NoBlockedEventLoops.class)
class CompareIT {
  static final String PLAN =
      """
      name: compare
      target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
      models: [llama-2-7b]
      dataset: {synthetic: {inputTokens: 16, outputTokensMin: 8, outputTokensMax: 40}, seed: %d}
      warmup: {requests: 8}
      load:
        mode: closed
        stages: [{name: steady, duration: 6s, users: 8}]
      """;

  /** 8 ms + 0.2 ms per running sequence per step (one token each), 16 sequences at most. */
  static final GpuPreset BASE =
      new GpuPreset("base", 16, Duration.ofMillis(8), Duration.ofNanos(200_000), Duration.ZERO);

  /** The same GPU 10% slower per token. */
  static final GpuPreset SLOWER =
      new GpuPreset(
          "slower", 16, Duration.ofNanos(8_800_000), Duration.ofNanos(220_000), Duration.ZERO);

  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** One run of the plan against a fresh simulator with this GPU and seed; its run directory. */
  static Path run(Vertx vertx, Path dir, String plan, GpuPreset gpu, int seed) throws Exception {
    Simulator sim =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults().withPreset(gpu).withSeed(seed).withEphemeralPorts())
            .await();
    try {
      PlanRuns.Result r = PlanRuns.run(dir, plan.formatted(sim.port(), seed));
      assertThat(r.exit()).isZero();
      return r.runDir();
    } finally {
      sim.close().await();
    }
  }

  private record Compared(int exit, String output, JsonNode json) {}

  private Compared compare(Path baseline, Path current) throws Exception {
    Path json = dir.resolve("compare-" + System.nanoTime() + ".json");
    Path markdown = dir.resolve("compare-" + System.nanoTime() + ".md");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      exit =
          Main.execute(
              "compare",
              baseline.toString(),
              current.toString(),
              "--json",
              json.toString(),
              "--markdown",
              markdown.toString());
    } finally {
      System.setOut(stdout);
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    stdout.print(output);
    assertThat(Files.readString(markdown)).contains("| stage | model | metric |");
    return new Compared(exit, output, new ObjectMapper().readTree(json.toFile()));
  }

  private static JsonNode change(JsonNode json, String metric) {
    for (JsonNode c : json.path("changes")) {
      if (c.path("metric").asText().equals(metric)) {
        return c;
      }
    }
    throw new AssertionError("no change of " + metric);
  }

  @Test
  void aServerTenPercentSlowerPerTokenIsARegression() throws Exception {
    Path baseline = run(vertx, dir, PLAN, BASE, 1);
    Path current = run(vertx, dir, PLAN, SLOWER, 1);

    Compared c = compare(baseline, current);

    assertThat(c.exit()).isEqualTo(ExitCode.THRESHOLD_FAILED);
    JsonNode tpot = change(c.json(), "tpot.p50");
    assertThat(tpot.path("change").asDouble()).isBetween(0.07, 0.13);
    assertThat(tpot.path("pValue").asDouble()).isLessThan(0.01);
    assertThat(tpot.path("verdict").asText()).isEqualTo("regressed");
    JsonNode throughput = change(c.json(), "throughput");
    assertThat(throughput.path("change").asDouble()).isNegative();
    assertThat(c.output()).contains("REGRESSED: ").contains("tpot.p50");
  }

  @Test
  void runsOfOneConfigurationWithOtherSeedsAreTheSame() throws Exception {
    List<String> flagged = new ArrayList<>();
    for (int pair = 0; pair < 3; pair++) {
      Path baseline = run(vertx, dir, PLAN, BASE, 10 + 2 * pair);
      Path current = run(vertx, dir, PLAN, BASE, 11 + 2 * pair);

      Compared c = compare(baseline, current);

      c.json()
          .path("changes")
          .forEach(
              ch -> {
                String verdict = ch.path("verdict").asText();
                // same, or not judged where a run had too few per-interval values for the test
                // (a p99 over 6 s); never improved or regressed
                boolean tooFew =
                    Math.min(
                            ch.at("/intervals/baseline").asInt(),
                            ch.at("/intervals/current").asInt())
                        < 5;
                if (!verdict.equals("same") && !(verdict.equals("not judged") && tooFew)) {
                  flagged.add(ch.toString());
                }
              });
      assertThat(change(c.json(), "tpot.p50").path("verdict").asText()).isEqualTo("same");
      assertThat(c.exit()).isZero();
    }
    assertThat(flagged).isEmpty();
  }

  @Test
  void aStatisticWithTooFewIntervalsIsNotJudgedNeverTheSame() throws Exception {
    // 2 s at 1 s intervals: two values at most on each side, which no test can tell apart at 0.01
    String shortPlan = PLAN.replace("duration: 6s", "duration: 2s");
    Path baseline = run(vertx, dir, shortPlan, BASE, 3);
    Path current = run(vertx, dir, shortPlan, SLOWER, 3);

    Compared c = compare(baseline, current);

    assertThat(c.exit()).isZero();
    JsonNode p99 = change(c.json(), "tpot.p99");
    assertThat(p99.path("verdict").asText()).isEqualTo("not judged");
    assertThat(c.json().path("notJudged").asInt()).isEqualTo(c.json().path("changes").size());
    assertThat(c.output())
        .containsPattern("not judged: too few samples \\(\\d and \\d per-interval values\\)")
        .contains("not judged: too few samples, ")
        .doesNotContain(" same\n");
  }

  @Test
  void runsOfDifferentStagesCannotBeCompared() throws Exception {
    String shortPlan = PLAN.replace("duration: 6s", "duration: 1s");
    Path baseline = run(vertx, dir, shortPlan, BASE, 1);
    Path current = run(vertx, dir, shortPlan.replace("name: steady", "name: other"), BASE, 1);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    int exit;
    try {
      System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
      exit = Main.execute("compare", baseline.toString(), current.toString());
      assertThat(Main.execute("compare", dir.resolve("nothing").toString(), current.toString()))
          .isEqualTo(ExitCode.INVALID_INPUT);
    } finally {
      System.setErr(stderr);
    }
    assertThat(exit).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains(
            "the runs have different stages: only the baseline has steady;"
                + " only the current run has other")
        .contains("no run directory");
  }
}
