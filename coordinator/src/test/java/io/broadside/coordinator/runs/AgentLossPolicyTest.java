package io.broadside.coordinator.runs;

import static io.broadside.coordinator.run.VirtualRuns.agent;
import static io.broadside.coordinator.run.VirtualRuns.of;
import static io.broadside.coordinator.run.VirtualRuns.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.coordinator.agent.AgentSession;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunStatus;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.CoordinatorMessage.KindCase;
import io.broadside.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a run does when an agent goes away, in virtual time: fail, continue, rebalance. */
class AgentLossPolicyTest {
  private static final Duration LEASE = Duration.ofSeconds(10);

  private final VirtualTime time = new VirtualTime();
  private final List<CoordinatorMessage> in1 = new ArrayList<>();
  private final List<CoordinatorMessage> in2 = new ArrayList<>();
  private final List<Run> finished = new ArrayList<>();
  private final List<Run> checked = new ArrayList<>();
  private final AgentSession a1 = agent("a1", 1, in1, time.nowUs());
  private final AgentSession a2 = agent("a2", 3, in2, time.nowUs());

  private Run running(String onAgentLoss) {
    Run run =
        new Run(
            "r1",
            "",
            plan(
                "onAgentLoss: " + onAgentLoss + "\n",
                "mode: closed\nstages:\n  - {name: s, duration: 60s, users: 4}\n"),
            null,
            null,
            (merged, r) -> merged,
            time);
    run.prepare(List.of(a1, a2), Duration.ofSeconds(1), Duration.ofSeconds(30));
    run.ready("a1", true, "");
    run.ready("a2", true, "");
    run.start(Duration.ofMillis(300));
    return run;
  }

  /** The agent's stream closes and it stays away for its whole lease. */
  private void awayPastTheLease(AgentLossPolicy policy, AgentSession agent) {
    agent.disconnected();
    policy.disconnected(agent.id());
    time.advanceMs(LEASE.toMillis());
  }

  private AgentLossPolicy policy(Run run) {
    return new AgentLossPolicy(
        time, LEASE, Duration.ofSeconds(1), () -> List.of(run), finished::add, checked::add);
  }

  @Test
  void failNamesTheAgentOnceItsLeaseRanOut() {
    Run run = running("fail");
    AgentLossPolicy policy = policy(run);
    a1.disconnected();
    policy.disconnected("a1");
    time.advanceMs(LEASE.toMillis() - 1);
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    time.advanceMs(1);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.error())
        .startsWith("agent a1 was lost at ")
        .endsWith(" (no connection for 10000 ms)");
    assertThat(finished).containsExactly(run);
    assertThat(of(in2, KindCase.STOP)).hasSize(1);
  }

  @Test
  void anAgentBackWithinItsLeaseKeepsTheRunGoing() {
    Run run = running("fail");
    AgentLossPolicy policy = policy(run);
    a1.disconnected();
    policy.disconnected("a1");
    time.advanceMs(4_000);
    List<CoordinatorMessage> back = new ArrayList<>();
    AgentSession again = agent("a1", 1, back, time.nowUs());
    policy.reconnected(again);
    assertThat(again.state()).isEqualTo(AgentSession.State.RUNNING);
    time.advanceMs(LEASE.toMillis());
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(finished).isEmpty();
    run.requestStop("by request");
    assertThat(of(back, KindCase.STOP)).hasSize(1); // the run talks to the new session
  }

  @Test
  void continueGoesOnDegradedWithoutTheAgent() {
    Run run = running("continue");
    awayPastTheLease(policy(run), a1);
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.agents().lost())
        .singleElement()
        .satisfies(l -> assertThat(l).containsEntry("id", "a1").containsEntry("then", "continue"));
    assertThat(of(in2, KindCase.RESHARD)).isEmpty();
    assertThat(checked).containsExactly(run);
    assertThat(finished).isEmpty();
  }

  @Test
  void rebalanceGivesTheSurvivorsTheWholeLoadFromTheNextInterval() {
    Run run = running("rebalance");
    awayPastTheLease(policy(run), a1);
    var reshard = of(in2, KindCase.RESHARD).get(0).getReshard();
    assertThat(reshard.getWeightsList()).containsExactly(0.0, 3.0);
    assertThat(reshard.getFromUs()).isEqualTo(time.nowUs() + 1_000_000);
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void noAgentLeftFailsTheRun() {
    Run run = running("continue");
    AgentLossPolicy policy = policy(run);
    a1.disconnected();
    a2.disconnected();
    policy.disconnected("a1");
    time.advanceMs(1_000);
    policy.disconnected("a2");
    time.advanceMs(LEASE.toMillis());
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.error()).endsWith("; no agent left");
    assertThat(finished).containsExactly(run);
  }

  @Test
  void aRunStillPreparingFailsWhateverThePlanSays() {
    Run run =
        new Run(
            "r2",
            "",
            plan(
                "onAgentLoss: continue\n",
                "mode: closed\nstages:\n  - {name: s, duration: 60s, users: 4}\n"),
            null,
            null,
            (merged, r) -> merged,
            time);
    run.prepare(List.of(a1, a2), Duration.ofSeconds(1), Duration.ofSeconds(30));
    awayPastTheLease(policy(run), a1);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
  }
}
