package io.broadside.coordinator.runs;

import io.broadside.common.plan.OnAgentLoss;
import io.broadside.common.time.Scheduler;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What the runs do when an agent goes away. It has its lease to come back; then it counts as lost
 * and the plan's {@code onAgentLoss} decides: {@code fail} (the run fails naming it), {@code
 * continue} (the run goes on without it, marked degraded) or {@code rebalance} (the survivors take
 * its share from the next interval boundary). A run still preparing always fails. Runs on the
 * coordinator's context, in its {@link Scheduler}'s time.
 */
final class AgentLossPolicy {
  private static final Logger LOG = Logger.getLogger(AgentLossPolicy.class.getName());

  private final Scheduler time;
  private final Duration lease;
  private final Duration snapshotInterval;
  private final Supplier<Collection<Run>> runs;
  private final Consumer<Run> finish;
  private final Consumer<Run> maybeFinish;

  /**
   * @param finish writes an ended run's results
   * @param maybeFinish ends a run whose every agent has flushed
   */
  AgentLossPolicy(
      Scheduler time,
      Duration lease,
      Duration snapshotInterval,
      Supplier<Collection<Run>> runs,
      Consumer<Run> finish,
      Consumer<Run> maybeFinish) {
    this.time = time;
    this.lease = lease;
    this.snapshotInterval = snapshotInterval;
    this.runs = runs;
    this.finish = finish;
    this.maybeFinish = maybeFinish;
  }

  /** An agent's control stream closed: after its lease, if it has not come back, it is lost. */
  void disconnected(String agentId) {
    for (Run run : runs.get()) {
      if (!run.status().ended()
          && run.status() != RunStatus.PENDING
          && run.agents().involves(agentId)) {
        time.after(
            lease.toMillis(),
            () -> {
              if (!run.status().ended() && !run.agents().connected(agentId)) {
                lost(agentId);
              }
            });
      }
    }
  }

  /** An agent came back within its lease: its runs talk to the new session. */
  void reconnected(AgentSession session) {
    for (Run run : runs.get()) {
      if (!run.status().ended() && run.agents().involves(session.id())) {
        run.agents().rebind(session, run.status() == RunStatus.PREPARING);
        LOG.info("agent " + session.id() + " is back in run " + run.id());
      }
    }
  }

  /** An agent stayed away longer than its lease: each of its runs does as its plan says. */
  void lost(String agentId) {
    for (Run run : runs.get()) {
      if (run.status().ended()
          || run.status() == RunStatus.PENDING
          || !run.agents().involves(agentId)) {
        continue;
      }
      String when =
          "agent "
              + agentId
              + " was lost at "
              + time.now()
              + " (no connection for "
              + lease.toMillis()
              + " ms)";
      OnAgentLoss action = run.plan().onAgentLoss();
      if (action == OnAgentLoss.FAIL || run.status() == RunStatus.PREPARING) {
        run.fail(when);
        finish.accept(run);
        continue;
      }
      run.agents().markLost(agentId, action.name().toLowerCase(Locale.ROOT));
      if (!run.agents().anyLeft()) {
        run.fail(when + "; no agent left");
        finish.accept(run);
        continue;
      }
      LOG.warning(
          when
              + "; the run goes on "
              + (action == OnAgentLoss.REBALANCE ? "rebalanced" : "degraded"));
      if (action == OnAgentLoss.REBALANCE) {
        run.agents().reshard(snapshotInterval);
      }
      maybeFinish.accept(run);
    }
  }
}
