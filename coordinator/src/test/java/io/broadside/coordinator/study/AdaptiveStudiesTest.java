package io.broadside.coordinator.study;

import static io.broadside.coordinator.run.VirtualRuns.agent;
import static io.broadside.coordinator.run.VirtualRuns.of;
import static io.broadside.coordinator.run.VirtualRuns.planWithLoad;
import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.plan.AdaptiveSteps;
import io.broadside.common.plan.Plan;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.coordinator.run.MetricQuery;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunStatus;
import io.broadside.coordinator.run.Study;
import io.broadside.coordinator.run.StudyContext;
import io.broadside.coordinator.run.VirtualRuns;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.CoordinatorMessage.KindCase;
import io.broadside.testing.VirtualTime;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The decisions of the studies that act while their run goes, in virtual time: a bisection's next
 * level from the levels judged, a feedback loop's from what Prometheus reads, a stepwise search's
 * stop, a sweep's knee. Each step is judged at the first interval boundary after it ends plus 300
 * ms; the test's agent sends each step's snapshot just before.
 */
class AdaptiveStudiesTest {
  private static final long S = 1_000_000;

  private final VirtualTime time = new VirtualTime();
  private final List<CoordinatorMessage> inbox = new ArrayList<>();
  private final AgentSession agent = agent("a1", 1, inbox, time.nowUs());
  private final List<String> failures = new ArrayList<>();
  private Run run;
  private long seq;

  private Study start(Plan plan, MetricQuery prometheus) {
    Study study = Studies.of(plan);
    run = new Run("r1", "", plan, null, null, study, time);
    run.prepare(List.of(agent), Duration.ofSeconds(1), Duration.ofSeconds(30));
    run.ready("a1", true, "");
    run.start(Duration.ofMillis(300));
    study.start(
        new StudyContext(
            run,
            time,
            Duration.ofSeconds(1),
            Duration.ofMillis(300),
            prometheus,
            null,
            why -> {
              failures.add(why);
              run.fail(why);
            }));
    return study;
  }

  /** The users the agent runs now: the plan's first level, then the latest it was told. */
  private int usersNow(int first) {
    List<CoordinatorMessage> levels = of(inbox, KindCase.SET_LEVEL);
    return levels.isEmpty() ? first : levels.get(levels.size() - 1).getSetLevel().getUsers();
  }

  /**
   * Runs steps of {@code seconds} each (lead-in included) until the run stops: each step's snapshot
   * has 20 requests whose TTFT is {@code ttftUs} of its users. Returns the users per step.
   */
  private List<Integer> runSteps(int first, long seconds, IntToLongFunction ttftUs) {
    List<Integer> users = new ArrayList<>();
    for (int n = 1; n <= 20 && !run.stopRequested() && !run.status().ended(); n++) {
      time.advanceToUs(run.startUs() + n * seconds * S - 1);
      int u = usersNow(first);
      users.add(u);
      long end = run.startUs() + n * seconds * S;
      run.snapshot(
          "a1",
          new VirtualRuns.Interval("r1", "a1", ++seq, end - S, end)
              .ok(AdaptiveSteps.step(n), 20, ttftUs.applyAsLong(u))
              .decoded());
      time.advanceMs(301);
    }
    return users;
  }

  @Test
  void bisectionDoublesWhileALevelHoldsThenHalvesTheGap() {
    start(
        planWithLoad(
            """
            mode: closed
            saturate:
              search: bisect
              users: {from: 4, max: 256}
              precision: 1
              duration: 2s
              warmup: 1s
              limits: {ttft.p99: 100ms}
            """),
        null);
    // a server that holds 8 users within 50 ms and answers 9 or more in 200 ms
    List<Integer> users = runSteps(4, 3, u -> u <= 8 ? 50_000 : 200_000);

    assertThat(users).containsExactly(4, 8, 16, 12, 10, 9);
    // each level was told during the lead-in of its step
    assertThat(of(inbox, KindCase.SET_LEVEL))
        .extracting(m -> m.getSetLevel().getStageIndex())
        .containsExactly(2, 4, 6, 8, 10);
    String verdict = of(inbox, KindCase.STOP).get(0).getStop().getReason();
    assertThat(verdict).contains("8").contains("9");
    run.end();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    Summary summary = run.summary();
    assertThat(summary.saturation().verdict()).isEqualTo(verdict);
    assertThat(summary.search().steps())
        .extracting(Summary.SearchStep::users, Summary.SearchStep::held)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(4, true),
            org.assertj.core.groups.Tuple.tuple(8, true),
            org.assertj.core.groups.Tuple.tuple(16, false),
            org.assertj.core.groups.Tuple.tuple(12, false),
            org.assertj.core.groups.Tuple.tuple(10, false),
            org.assertj.core.groups.Tuple.tuple(9, false));
    assertThat(summary.stages()).extracting(Summary.Stage::name).hasSize(6);
  }

  @Test
  void feedbackScalesTowardTheTargetAndStopsOnceItHolds() {
    List<Double> asked = new ArrayList<>();
    MetricQuery utilization =
        (prometheus, query, at) -> {
          asked.add(at);
          return Future.succeededFuture(15.0 * usersNow(1));
        };
    start(
        planWithLoad(
            """
            mode: closed
            feedback:
              prometheus: http://127.0.0.1:9090
              query: avg_over_time(gpu_util[${duration}])
              target: 60
              tolerance: 8
              users: {from: 1, max: 64}
              duration: 2s
              warmup: 1s
              steps: 10
              hold: 2
            """),
        utilization);
    List<Integer> steps = runSteps(1, 3, u -> 10_000);

    assertThat(steps).containsExactly(1, 4, 4);
    // each reading is taken at its step's end
    assertThat(asked)
        .containsExactly(
            (run.startUs() + 3 * S) / 1e6,
            (run.startUs() + 6 * S) / 1e6,
            (run.startUs() + 9 * S) / 1e6);
    run.end();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.summary().search().steps())
        .extracting(Summary.SearchStep::value)
        .containsExactly(15.0, 60.0, 60.0);
    assertThat(failures).isEmpty();
  }

  @Test
  void aFeedbackQueryThatFailsFailsTheRunSayingWhere() {
    start(
        planWithLoad(
            """
            mode: closed
            feedback:
              prometheus: http://127.0.0.1:9090
              query: up
              target: 60
              tolerance: 5
              users: {from: 1, max: 64}
              duration: 2s
              warmup: 1s
            """),
        (prometheus, query, at) -> Future.failedFuture("no number: 2 series"));
    runSteps(1, 3, u -> 10_000);
    assertThat(failures).containsExactly("feedback query failed at step-1: no number: 2 series");
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void aStepwiseSearchStopsAtTheFirstLevelThatBreaksALimit() {
    Plan plan =
        planWithLoad(
            """
            mode: closed
            saturate:
              users: {from: 2, step: 2, max: 8}
              duration: 2s
              limits: {ttft.p99: 100ms}
            """);
    start(plan, null);
    long startUs = run.startUs();
    long[] ttft = {20_000, 50_000, 300_000, 400_000};
    long endOffset = 0;
    int level = 0;
    for (var stage : plan.load().shape().timeline()) {
      endOffset += stage.duration().toNanos() / 1000;
      if (!stage.measured() || run.stopRequested()) {
        continue;
      }
      long end = startUs + endOffset;
      time.advanceToUs(end);
      run.snapshot(
          "a1",
          new VirtualRuns.Interval("r1", "a1", ++seq, end - S, end)
              .ok(stage.name(), 10, ttft[level++])
              .decoded());
      // judged two intervals after the level ends
      time.advanceToUs(end + 2 * S - 1);
      assertThat(run.stopRequested()).isFalse();
      time.advanceMs(1);
    }
    assertThat(level).isEqualTo(3);
    assertThat(run.stopRequested()).isTrue();
    assertThat(of(inbox, KindCase.STOP).get(0).getStop().getReason())
        .startsWith("saturation found: ");
    run.end();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.summary().saturation().failedStage()).isEqualTo("users-6");
    assertThat(run.summary().saturation().heldStage()).isEqualTo("users-4");
  }

  @Test
  void aSweepMarksItsKneeWhereThroughputStopsGrowing() {
    Plan plan =
        planWithLoad(
            """
            mode: closed
            sweep:
              users: [1, 2, 4, 8]
              duration: 10s
            """);
    start(plan, null);
    // requests per level: throughput doubles up to 4 users, then stays
    int[] requests = {100, 200, 400, 410};
    int i = 0;
    for (var stage : plan.load().shape().timeline()) {
      if (stage.measured()) {
        run.snapshot(
            "a1",
            new VirtualRuns.Interval("r1", "a1", ++seq, run.startUs(), run.startUs() + 10 * S)
                .ok(stage.name(), requests[i++], 10_000)
                .window(stage.name(), run.startUs(), run.startUs() + 10 * S)
                .decoded());
      }
    }
    Summary.Sweep sweep = run.summary().sweep();
    assertThat(sweep).isNotNull();
    assertThat(sweep.knee()).isEqualTo("users-4");
  }
}
