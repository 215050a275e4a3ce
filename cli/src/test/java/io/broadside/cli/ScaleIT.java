package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.ModelHosting;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A many-model scale study end to end: 200 models on a simulated KServe host, each created by the
 * plan's hook (curl on Triton's repository API) and loading for a seeded random 0.2–4 s; the agents
 * probe readiness every 100 ms and validate each ready model twice. Every model's time to ready is
 * its known load time plus at most one probe interval and the hook's own latency, and the
 * six-number summary, the readiness curve and the validation latency say so.
 */
@ExtendWith(NoBlockedEventLoops.class)
class ScaleIT {
  private static final int MODELS = 200;
  private static final long SEED = 42;
  private static final ModelHosting HOSTING =
      new ModelHosting(
          256, 1, Duration.ofMillis(200), Duration.ofMillis(4_000), Duration.ofSeconds(5));

  /** The plan's readiness probe interval and hook spacing (below), in seconds. */
  private static final double PROBE_INTERVAL_S = 0.1;

  private static final double CREATE_EVERY_S = 0.005;

  /**
   * What a hook (a curl process) and a probe may add to a model's time to ready on a saturated
   * 2-core machine: see the test.
   */
  private static final double HOOK_AND_PROBE_LATENCY_S = 2.0;

  private static final String PLAN =
      """
      name: granite-scale
      target:
        name: kserve
        protocol: kserve-v2
        url: http://127.0.0.1:%1$d
        tensors: [{name: INPUT0, shape: [1, 4], datatype: FP32}]
      models: {prefix: granite-, count: %2$d}
      load:
        mode: closed
        scale:
          create:
            hook: [curl, -sf, -X, POST, "http://127.0.0.1:%1$d/v2/repository/models/${model}/load"]
            every: 5ms
            concurrency: 8
          ready: {probe: kserve-v2, interval: 100ms, timeout: 40s}
          validate: 2
      """;

  @TempDir Path dir;
  Vertx vertx;
  Simulator sim;

  /** A simulator of its own for each study: no model is loaded before it starts. */
  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    sim =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults()
                    .withFamily(Family.KSERVE, 0)
                    .withSeed(SEED)
                    .withModels(
                        IntStream.rangeClosed(1, MODELS).mapToObj(n -> "granite-" + n).toList())
                    .withHosting(HOSTING)
                    .withEphemeralPorts())
            .await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void twoHundredModelsReportTheirTimeToReady() throws Exception {
    PlanRuns.Result r =
        PlanRuns.run(dir, PLAN.formatted(sim.port(Family.KSERVE), MODELS), "--allow-hooks");
    assertThat(r.exit()).isEqualTo(0);
    JsonNode scale = r.summary().path("scale");
    assertThat(scale.path("models").asInt()).isEqualTo(MODELS);
    assertThat(scale.path("created").asInt()).isEqualTo(MODELS);
    assertThat(scale.path("ready").asInt()).isEqualTo(MODELS);
    assertThat(scale.path("notReady").asInt()).isZero();

    // Each model's time to ready is measured from its creation (its hook started, on the
    // coordinator) to the first probe that found it ready (on the agent's clock, converted to the
    // coordinator's). It is its load time plus
    //  - the hook's latency: a worker thread forks curl, which connects and posts the load to the
    //    simulator's event loop. That loop, the agent's and the coordinator's share 2 cores with
    //    the curl processes (8 at a time) and with 200 models probed 10 times a second each, so
    //    this is not bounded by anything in the plan: 0.05 s on an idle machine, 0.62 s over the
    //    load on a clean-clone CI, 1.4 s on a 2-core machine shared with two other builds;
    //  - the load's own timer firing late on the simulator's busy event loop;
    //  - the probe: one model's probes follow each other an interval after the previous answer,
    //    so a ready model waits up to the interval plus a probe's round trip to be seen.
    // None of these can make it shorter than the load, so the lower bound stays tight (10 ms:
    // millisecond timers) and fails a readiness seen before the load ended. The upper bound only
    // catches a probe far slower than its interval; the origin is checked exactly instead, from
    // each
    // model's own creation and ready times, whatever the machine's load.
    List<Double> truth = new ArrayList<>();
    int n = 0;
    for (JsonNode m : scale.path("perModel")) {
      String model = m.path("model").asText();
      double load = HOSTING.loadTime(model, SEED).toMillis() / 1e3;
      truth.add(load);
      double createdS = m.path("createdS").asDouble();
      double readyS = m.path("readyS").asDouble();
      assertThat(m.path("timeToReadyS").asDouble())
          .as(model + " (created at %.3f s, ready at %.3f s)", createdS, readyS)
          .isBetween(load - 0.01, load + PROBE_INTERVAL_S + HOOK_AND_PROBE_LATENCY_S);
      // the origin is the model's creation, not the run's start: the n-th hook starts no earlier
      // than every × n, and time to ready is ready minus created (µs in the summary)
      assertThat(createdS)
          .as(model + " created")
          .isGreaterThanOrEqualTo(n * CREATE_EVERY_S - 0.001);
      assertThat(m.path("timeToReadyS").asDouble())
          .as(model + " ready minus created")
          .isCloseTo(readyS - createdS, within(1e-5));
      assertThat(m.path("error").isNull()).isTrue();
      n++;
    }
    truth.sort(null);
    JsonNode ttr = scale.path("timeToReadyS");
    assertThat(ttr.path("count").asInt()).isEqualTo(MODELS);
    double[] six = {
      ttr.path("min").asDouble(),
      ttr.path("q1").asDouble(),
      ttr.path("median").asDouble(),
      ttr.path("q3").asDouble(),
      ttr.path("p90").asDouble(),
      ttr.path("max").asDouble()
    };
    assertThat(six).isSorted();
    // order statistics keep the per-model bounds: the k-th time to ready lies within those of the
    // k-th load time
    double slack = PROBE_INTERVAL_S + HOOK_AND_PROBE_LATENCY_S;
    assertThat(six[0]).isBetween(truth.get(0) - 0.01, truth.get(0) + slack);
    double median = (truth.get(99) + truth.get(100)) / 2;
    assertThat(six[2]).isBetween(median - 0.01, median + slack);
    assertThat(six[5]).isBetween(truth.get(MODELS - 1) - 0.01, truth.get(MODELS - 1) + slack);
    assertThat(scale.path("verdict").asText())
        .startsWith("200 of 200 models ready; time to ready min");

    // the readiness curve: created runs ahead of ready, both reach 200
    JsonNode curve = scale.path("curve");
    int lastCreated = 0;
    int lastReady = 0;
    for (JsonNode p : curve) {
      assertThat(p.path("created").asInt()).isGreaterThanOrEqualTo(lastCreated);
      assertThat(p.path("ready").asInt())
          .isGreaterThanOrEqualTo(lastReady)
          .isLessThanOrEqualTo(p.path("created").asInt());
      lastCreated = p.path("created").asInt();
      lastReady = p.path("ready").asInt();
    }
    assertThat(lastCreated).isEqualTo(MODELS);
    assertThat(lastReady).isEqualTo(MODELS);

    // two validation requests per model, every one answered, recorded under the study's stage
    assertThat(scale.at("/validationS/count").asInt()).isEqualTo(2 * MODELS);
    assertThat(scale.at("/validationS/max").asDouble()).isLessThan(1.0);
    JsonNode stage = r.summary().path("stages").get(0);
    assertThat(stage.path("name").asText()).isEqualTo("scale");
    assertThat(stage.at("/all/requests/ok").asInt()).isEqualTo(2 * MODELS);
    assertThat(stage.at("/all/requests/failed").asInt()).isZero();
    assertThat(r.output()).contains("(200 models: each in summary.json)");
  }

  @Test
  void modelsLoadedOnTheirFirstInferenceAreReadyAfterTheirLoadTime() throws Exception {
    // no creation step: the models exist from the start and load on their first request, as on
    // a SageMaker multi-model endpoint; the probe is that first successful inference
    String plan =
        PLAN.formatted(sim.port(Family.KSERVE), 20)
            .replaceAll("(?s) *create:.*?concurrency: 8\n", "")
            .replace("probe: kserve-v2", "probe: inference");
    PlanRuns.Result r = PlanRuns.run(dir, plan);
    assertThat(r.exit()).isEqualTo(0);
    JsonNode scale = r.summary().path("scale");
    assertThat(scale.path("ready").asInt()).isEqualTo(20);
    for (JsonNode m : scale.path("perModel")) {
      double load = HOSTING.loadTime(m.path("model").asText(), SEED).toMillis() / 1e3;
      assertThat(m.path("createdS").asDouble()).isZero();
      assertThat(m.path("timeToReadyS").asDouble())
          .as(m.path("model").asText())
          .isBetween(load - 0.01, load + 0.3);
    }
  }

  @Test
  void creationTimesFromAFileAndKserveV1Readiness() throws Exception {
    // the models are created outside Broadside (here: loaded through the repository API by the
    // test), and a file gives when, as `kubectl get isvc` would
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    StringBuilder created = new StringBuilder("model,created\n");
    for (int n = 1; n <= 10; n++) {
      long at = System.currentTimeMillis();
      http.send(
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create(
                      "http://127.0.0.1:"
                          + sim.port(Family.KSERVE)
                          + "/v2/repository/models/granite-"
                          + n
                          + "/load"))
              .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
              .build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
      created
          .append("granite-")
          .append(n)
          .append(',')
          .append(java.time.Instant.ofEpochMilli(at))
          .append('\n');
    }
    java.nio.file.Files.writeString(dir.resolve("created.csv"), created);
    String plan =
        PLAN.formatted(sim.port(Family.KSERVE), 10)
            .replaceAll("(?s)create:.*?concurrency: 8\n", "create: {timestamps: created.csv}\n")
            .replace("probe: kserve-v2", "probe: kserve-v1");
    PlanRuns.Result r = PlanRuns.run(dir, plan);
    assertThat(r.exit()).isEqualTo(0);
    JsonNode scale = r.summary().path("scale");
    assertThat(scale.path("ready").asInt()).isEqualTo(10);
    for (JsonNode m : scale.path("perModel")) {
      double load = HOSTING.loadTime(m.path("model").asText(), SEED).toMillis() / 1e3;
      // created before the run started: negative times from its start; a model that was ready
      // before the run is first seen ready at its start
      double createdS = m.path("createdS").asDouble();
      assertThat(createdS).isNegative();
      assertThat(m.path("timeToReadyS").asDouble())
          .as(m.path("model").asText())
          .isBetween(load - 0.01, Math.max(load, -createdS) + 0.6);
    }
  }

  @Test
  void aHookIsRefusedWithoutAllowHooks() throws Exception {
    PlanRuns.Result r = PlanRuns.run(dir, PLAN.formatted(sim.port(Family.KSERVE), 3));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.output())
        .contains("$.load.scale.create.hook: this coordinator does not run commands")
        .contains("--allow-hooks");
  }

  @Test
  void modelsWhoseCreationFailedCountFailedAtOnceAndTheStudyEndsWhenEveryModelIsSettled()
      throws Exception {
    // granite-1..3 are created; the hook of granite-4..6 exits 22, as a refused manifest would
    String hook =
        "hook: [sh, -c, \"case ${model} in granite-[123]) curl -sf -X POST"
            + " http://127.0.0.1:%1$d/v2/repository/models/${model}/load;; *) exit 22;; esac\"]";
    String plan =
        PLAN.replaceFirst("hook: \\[curl[^\\n]*", java.util.regex.Matcher.quoteReplacement(hook))
            .formatted(sim.port(Family.KSERVE), 6);
    long start = System.nanoTime();
    PlanRuns.Result r = PlanRuns.run(dir, plan, "--allow-hooks");
    double tookS = (System.nanoTime() - start) / 1e9;

    assertThat(r.exit()).as(r.output()).isEqualTo(0);
    JsonNode scale = r.summary().path("scale");
    assertThat(scale.path("ready").asInt()).isEqualTo(3);
    assertThat(r.summary().path("status").asText()).isEqualTo("completed");
    assertThat(scale.path("perModel").findValuesAsText("error"))
        .filteredOn(e -> e.contains("exited with 22"))
        .hasSize(3);
    // settled once the last model is ready (at most 4 s of loading), not at the 40 s timeout
    assertThat(tookS).isLessThan(25);
  }

  @Test
  void aStudyInWhichEveryCreationFailedEndsSayingSo() throws Exception {
    String plan =
        PLAN.replaceFirst("hook: \\[curl[^\\n]*", "hook: [sh, -c, \"exit 22\"]")
            .formatted(sim.port(Family.KSERVE), 4);
    long start = System.nanoTime();
    PlanRuns.Result r = PlanRuns.run(dir, plan, "--allow-hooks");
    double tookS = (System.nanoTime() - start) / 1e9;

    assertThat(r.exit()).as(r.output()).isEqualTo(ExitCode.RUN_FAILED);
    assertThat(r.output())
        .contains(
            "failed: every model's creation failed (4); the first, granite-1: exited with 22");
    assertThat(tookS).isLessThan(20);
  }
}
