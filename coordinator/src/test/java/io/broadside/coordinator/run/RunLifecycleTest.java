package io.broadside.coordinator.run;

import static io.broadside.coordinator.run.VirtualRuns.agent;
import static io.broadside.coordinator.run.VirtualRuns.of;
import static io.broadside.coordinator.run.VirtualRuns.offset;
import static io.broadside.coordinator.run.VirtualRuns.planWithLoad;
import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.plan.Plan;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.protocol.ControlMessages;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.CoordinatorMessage.KindCase;
import io.broadside.protocol.v1.RunEnded;
import io.broadside.testing.VirtualTime;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run's lifecycle in virtual time: prepare → start → snapshots → end, and its other endings. */
class RunLifecycleTest {
  private static final long S = 1_000_000;
  private static final Plan PLAN =
      planWithLoad(
          """
          mode: closed
          stages:
            - {name: s, duration: 10s, users: 4}
          """);

  private final VirtualTime time = new VirtualTime();
  private final List<CoordinatorMessage> in1 = new ArrayList<>();
  private final List<CoordinatorMessage> in2 = new ArrayList<>();
  private AgentSession a1;
  private AgentSession a2;
  private Run run;

  @BeforeEach
  void twoAgents() {
    a1 = agent("a1", 2, in1, time.nowUs());
    a2 = agent("a2", 1, in2, time.nowUs());
    offset(a2, 5 * S, time.nowUs()); // a2's clock is 5 s ahead of ours
    run = new Run("r1", "plan text", PLAN, null, null, (merged, r) -> merged, time);
  }

  private void startBoth() {
    run.prepare(List.of(a1, a2), Duration.ofSeconds(1), Duration.ofSeconds(30));
    run.ready("a1", true, "");
    run.ready("a2", true, "");
    run.start(Duration.ofMillis(300));
  }

  /** Agent {@code agent}'s interval {@code seq} (1-based) of the run, told in its own clock. */
  private VirtualRuns.Interval interval(AgentSession agent, long seq) {
    long start = agent.clock().toAgent(run.startUs()) + (seq - 1) * S;
    return new VirtualRuns.Interval("r1", agent.id(), seq, start, start + S);
  }

  @Test
  void preparesEveryAgentWithItsIndexAndTheWeightsByCores() {
    run.prepare(List.of(a1, a2), Duration.ofMillis(500), Duration.ofSeconds(30));
    assertThat(run.status()).isEqualTo(RunStatus.PREPARING);
    var p1 = of(in1, KindCase.PREPARE).get(0).getPrepare();
    var p2 = of(in2, KindCase.PREPARE).get(0).getPrepare();
    assertThat(p1.getAgentIndex()).isZero();
    assertThat(p2.getAgentIndex()).isOne();
    assertThat(p1.getWeightsList()).containsExactly(2.0, 1.0);
    assertThat(p2.getWeightsList()).containsExactly(2.0, 1.0);
    assertThat(p1.getSnapshotIntervalMs()).isEqualTo(500);
    assertThat(p1.getPlanText()).isEqualTo("plan text");
    assertThat(a1.state()).isEqualTo(AgentSession.State.PREPARING);

    assertThat(run.ready("a1", true, "")).isFalse();
    assertThat(run.ready("nobody", true, "")).isFalse();
    assertThat(run.ready("a2", true, "")).isTrue();
  }

  @Test
  void startsEveryAgentAtOneInstantToldInItsOwnClock() {
    long before = time.nowUs();
    startBoth();
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.startUs()).isEqualTo(before + 300_000);
    assertThat(of(in1, KindCase.START_AT).get(0).getStartAt().getStartUs())
        .isEqualTo(run.startUs());
    assertThat(of(in2, KindCase.START_AT).get(0).getStartAt().getStartUs())
        .isEqualTo(run.startUs() + 5 * S);
  }

  @Test
  void mergesEachSnapshotOnceInAnyOrderAndEndsWhenEveryAgentFlushed() {
    startBoth();
    time.advanceMs(1_400);
    // a1's second interval arrives before its first, then the first twice (a resend)
    assertThat(run.snapshot("a1", interval(a1, 2).ok("s", 5, 2_000).decoded())).isTrue();
    assertThat(run.snapshot("a1", interval(a1, 1).ok("s", 3, 1_000).decoded())).isTrue();
    assertThat(run.snapshot("a1", interval(a1, 1).ok("s", 3, 1_000).decoded())).isFalse();
    assertThat(run.snapshot("a3", interval(a1, 3).ok("s", 9, 1_000).decoded())).isFalse();
    assertThat(run.duplicates()).isOne();
    // a2's first interval ended at 1 s; it arrives at 4.3 s, more than two intervals late
    time.advanceMs(3_000);
    assertThat(run.snapshot("a2", interval(a2, 1).ok("s", 7, 3_000).activeUsers(2).decoded()))
        .isTrue();
    assertThat(run.agents().health())
        .extracting(AgentHealthNow::agent, AgentHealthNow::resent, AgentHealthNow::late)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a1", 1L, 0L),
            org.assertj.core.groups.Tuple.tuple("a2", 0L, 1L));
    assertThat(run.agents().activeUsers()).isEqualTo(2);

    // the counter log tells a2's interval in our clock
    assertThat(run.takeCounterLog())
        .contains("i\ta2\t" + run.startUs() + "\t" + (run.startUs() + S) + "\t2\n");
    assertThat(run.takeHlog()).contains("#[StartTime: ").contains("e2e/s/m");

    run.runEnded(
        "a1", ControlMessages.runEnded("r1", 2, null, run.startUs() + 10_000).getRunEnded());
    assertThat(run.allFlushed()).isFalse();
    assertThat(run.allEnded()).isFalse();
    RunEnded a2Ended =
        ControlMessages.runEnded("r1", 1, null, a2.clock().toAgent(run.startUs() + 14_000))
            .getRunEnded();
    run.runEnded("a2", a2Ended);
    assertThat(run.allEnded()).isTrue();
    assertThat(run.allFlushed()).isTrue();
    assertThat(run.agents().startSkewMs()).isEqualTo(4.0);
    assertThat(run.agents().reports())
        .extracting(AgentReport::startedUs)
        .containsExactly(run.startUs() + 10_000, run.startUs() + 14_000);

    time.advanceMs(100);
    run.end();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.endUs()).isEqualTo(time.nowUs());
    assertThat(a1.state()).isEqualTo(AgentSession.State.IDLE);
    Summary.Row all = run.summary().stages().get(0).all();
    assertThat(all.requests().ok()).isEqualTo(15);
    assertThat(all.latency().get("e2e").count()).isEqualTo(15);
    assertThat(all.latency().get("e2e").max()).isEqualTo(3_000 / 1e6);
    // a snapshot after the end is not merged
    assertThat(run.snapshot("a2", interval(a2, 2).ok("s", 1, 1_000).decoded())).isFalse();
    assertThat(run.summary().stages().get(0).all().requests().ok()).isEqualTo(15);
  }

  @Test
  void aBetterClockSampleDuringTheRunMovesNoneOfItsTimes() throws Exception {
    List<CoordinatorMessage> in3 = new ArrayList<>();
    AgentSession a3 = agent("a3", 1, in3, time.nowUs());
    // a first sample with a 10 ms round trip: the agent seems 2 s + 5 ms ahead
    long t = time.nowUs();
    a3.clockSample(t, t + 5_000 + 2 * S + 5_000, t + 10_000);
    Run one = new Run("r1", "plan text", PLAN, null, null, (merged, r) -> merged, time);
    one.prepare(List.of(a3), Duration.ofSeconds(1), Duration.ofSeconds(30));
    one.ready("a3", true, "");
    one.start(Duration.ofMillis(300));
    long toldStartUs = of(in3, KindCase.START_AT).get(0).getStartAt().getStartUs();
    assertThat(toldStartUs).isEqualTo(one.startUs() + 2 * S + 5_000);
    // a better sample (no round trip) finds it 2 s ahead: our estimate moved, its clock did not
    time.advanceMs(500);
    offset(a3, 2 * S, time.nowUs());
    assertThat(a3.clock().toAgent(one.startUs())).isEqualTo(one.startUs() + 2 * S);

    // its first interval starts where it was told the run starts
    assertThat(
            one.snapshot(
                "a3",
                new VirtualRuns.Interval("r1", "a3", 1, toldStartUs, toldStartUs + S)
                    .ok("s", 4, 1_000)
                    .decoded()))
        .isTrue();
    String log = one.takeHlog();
    assertThat(log).contains("Tag=e2e/s/m,0.000,1.000,");
    assertThat(one.takeCounterLog())
        .contains("i\ta3\t" + one.startUs() + "\t" + (one.startUs() + S) + "\t");
    // so HdrHistogram's reader, which leaves out what starts before the log, counts all four
    HistogramLogReader reader =
        new HistogramLogReader(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));
    long total = 0;
    for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
      total += ((Histogram) h).getTotalCount();
    }
    assertThat(total).isEqualTo(8); // e2e and ttft
    // and what it is told later is in the same clock
    one.agents().reshard(Duration.ofSeconds(1));
    assertThat(of(in3, KindCase.RESHARD).get(0).getReshard().getFromUs())
        .isEqualTo(time.nowUs() + S + 2 * S + 5_000);
  }

  @Test
  void aStopRequestStopsEveryAgentAndEndsStopped() {
    startBoth();
    run.requestStop("stopped by request");
    assertThat(of(in1, KindCase.STOP).get(0).getStop().getReason()).isEqualTo("stopped by request");
    assertThat(of(in2, KindCase.STOP)).hasSize(1);
    run.end();
    assertThat(run.status()).isEqualTo(RunStatus.STOPPED);
  }

  @Test
  void aRunThatFoundWhatItLookedForCompletes() {
    startBoth();
    run.completeEarly("8 users held; 9 broke");
    run.completeEarly("a second verdict is not sent");
    assertThat(of(in1, KindCase.STOP))
        .singleElement()
        .satisfies(m -> assertThat(m.getStop().getReason()).isEqualTo("8 users held; 9 broke"));
    run.end();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void anAgentThatCannotPrepareFailsTheRunNamingIt() {
    run.prepare(List.of(a1, a2), Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertThat(run.ready("a2", false, "no such dataset")).isFalse();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.error()).isEqualTo("agent a2 could not prepare: no such dataset");
    assertThat(of(in1, KindCase.STOP)).hasSize(1);
    run.end();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void anAgentThatFailedFailsTheRunAtItsEnd() {
    startBoth();
    run.runEnded("a1", ControlMessages.runEnded("r1", 0, "boom", 0).getRunEnded());
    run.runEnded("a2", ControlMessages.runEnded("r1", 0, null, 0).getRunEnded());
    run.end();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.error()).isEqualTo("agent a1: boom");
  }

  @Test
  void aRebalanceAndALevelReachEveryLiveAgentInItsOwnClock() {
    startBoth();
    run.agents().markLost("a1", "rebalance");
    run.agents().reshard(Duration.ofSeconds(1));
    assertThat(of(in1, KindCase.RESHARD)).isEmpty();
    var reshard = of(in2, KindCase.RESHARD).get(0).getReshard();
    assertThat(reshard.getWeightsList()).containsExactly(0.0, 1.0);
    assertThat(reshard.getFromUs()).isEqualTo(time.nowUs() + S + 5 * S);
    run.agents().setLevel(2, 12, 3, time.nowUs() + 200_000);
    var level = of(in2, KindCase.SET_LEVEL).get(0).getSetLevel();
    assertThat(level.getStageIndex()).isEqualTo(2);
    assertThat(level.getUsers()).isEqualTo(12);
    assertThat(level.getModels()).isEqualTo(3);
    assertThat(level.getJumpAtUs()).isEqualTo(time.nowUs() + 200_000 + 5 * S);
    assertThat(run.agents().lost())
        .singleElement()
        .satisfies(l -> assertThat(l).containsEntry("then", "rebalance"));
  }

  @Test
  void aStudyWhoseSummaryThrowsFailsTheRunAndKeepsItsFigures() {
    run =
        new Run(
            "r2",
            "plan text",
            PLAN,
            null,
            null,
            (merged, r) -> {
              throw new IllegalStateException("a study's bug");
            },
            time);
    run.prepare(List.of(a1), Duration.ofSeconds(1), Duration.ofSeconds(30));
    run.ready("a1", true, "");
    run.start(Duration.ofMillis(300));
    run.end();

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.error())
        .isEqualTo("internal error: java.lang.IllegalStateException: a study's bug");
    assertThat(run.summary().stages()).extracting(Summary.Stage::name).containsExactly("s");
  }

  @Test
  void aRunStoppedWhilePreparingNeverStartsAndAnAgentReadyLaterIsToldAgain() {
    run.prepare(List.of(a1, a2), Duration.ofSeconds(1), Duration.ofSeconds(30));
    run.ready("a1", true, "");

    run.stopWhilePreparing("stopped by request before it started");

    assertThat(run.status()).isEqualTo(RunStatus.STOPPED);
    assertThat(of(in1, KindCase.STOP)).hasSize(1);
    // a2 finishes its warmup afterwards: the run does not start, and a2 hears stop again
    assertThat(run.ready("a2", true, "")).isFalse();
    assertThat(of(in2, KindCase.STOP)).hasSize(2);
    assertThat(of(in1, KindCase.START_AT)).isEmpty();
  }
}
