package io.broadside.coordinator.run;

import io.broadside.common.summary.Summary;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.protocol.ControlMessages;
import io.broadside.protocol.v1.CoordinatorMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The agents of one run, in order of index: what each was told and reported, and its delivery
 * state. The only place that converts times between the coordinator's clock and an agent's (each
 * message carries times in the clock of the agent that receives it). Confined to the coordinator's
 * context.
 */
final class RunAgents {
  private final String runId;
  private final Map<String, AgentProgress> agents = new LinkedHashMap<>();

  RunAgents(String runId) {
    this.runId = runId;
  }

  /** Every agent gets the plan, its index, and every agent's weight (its cores). */
  void prepare(
      List<AgentSession> chosen, String planText, Path baseDir, Duration snapshotInterval) {
    List<Integer> weights = new ArrayList<>();
    for (AgentSession a : chosen) {
      // capacity: closed-loop users and open-loop arrivals are shared by cores
      weights.add(Math.max(1, a.hello().getCores()));
    }
    for (int i = 0; i < chosen.size(); i++) {
      AgentSession a = chosen.get(i);
      agents.put(a.id(), new AgentProgress(a));
      a.state(AgentSession.State.PREPARING);
      a.send(
          ControlMessages.prepare(
              runId,
              planText,
              i,
              snapshotInterval.toMillis(),
              baseDir == null ? "" : baseDir.toString(),
              weights));
    }
  }

  /** Everyone starts at the same instant, {@code startUs} in our clock, told in each one's own. */
  void startAt(long startUs) {
    for (AgentProgress a : agents.values()) {
      a.session.state(AgentSession.State.RUNNING);
      a.session.send(ControlMessages.startAt(runId, a.clock().toAgent(startUs)));
    }
  }

  void stop(String reason) {
    for (AgentProgress a : agents.values()) {
      a.session.send(ControlMessages.stop(runId, reason));
    }
  }

  /**
   * From {@code fromUs} (our clock) the surviving agents share the whole load by their cores; the
   * lost agents' weight is 0.
   */
  void reshard(long fromUs) {
    List<Double> weights = new ArrayList<>();
    for (AgentProgress a : agents.values()) {
      weights.add(a.lost ? 0.0 : Math.max(1, a.session.hello().getCores()));
    }
    toLiveAgents(a -> ControlMessages.reshard(runId, weights, a.clock().toAgent(fromUs)));
  }

  /** See {@link Run#setLevel}; {@code jumpUs} in our clock, 0 for no jump. */
  void setLevel(int index, int users, int models, long jumpUs) {
    toLiveAgents(
        a ->
            ControlMessages.setLevel(
                runId, index, users, models, jumpUs == 0 ? 0 : a.clock().toAgent(jumpUs)));
  }

  /** Sends each agent still in the run its message. */
  private void toLiveAgents(Function<AgentProgress, CoordinatorMessage> message) {
    for (AgentProgress a : agents.values()) {
      if (!a.lost) {
        a.session.send(message.apply(a));
      }
    }
  }

  /** An agent's time in our clock. */
  long toCoordinator(AgentProgress a, long agentUs) {
    return a.clock().toCoordinator(agentUs);
  }

  AgentProgress get(String agentId) {
    return agents.get(agentId);
  }

  Iterable<AgentProgress> all() {
    return agents.values();
  }

  boolean isEmpty() {
    return agents.isEmpty();
  }

  boolean contains(String agentId) {
    return agents.containsKey(agentId);
  }

  List<AgentSession> sessions() {
    return agents.values().stream().map(a -> a.session).toList();
  }

  boolean allReady() {
    return agents.values().stream().allMatch(p -> p.ready);
  }

  boolean allFlushed() {
    return !agents.isEmpty() && agents.values().stream().allMatch(AgentProgress::flushed);
  }

  boolean allEnded() {
    return agents.values().stream().allMatch(a -> a.lost || a.lastSequence >= 0);
  }

  boolean anyFailed() {
    return agents.values().stream().anyMatch(a -> a.failed);
  }

  boolean anyLeft() {
    return agents.values().stream().anyMatch(a -> !a.lost);
  }

  /** Agents with a live control stream go back to idle. */
  void release() {
    for (AgentProgress a : agents.values()) {
      if (a.session.connected()) {
        a.session.state(AgentSession.State.IDLE);
      }
    }
  }

  int activeUsers() {
    return agents.values().stream().filter(a -> !a.lost).mapToInt(a -> a.activeUsers).sum();
  }

  int activeUsersReported() {
    return agents.values().stream().mapToInt(a -> a.activeUsers).sum();
  }

  double targetRate() {
    return agents.values().stream().filter(a -> !a.lost).mapToDouble(a -> a.targetRate).sum();
  }

  /** Each agent's generator health over the run, and whether any was saturated. */
  Summary.Generator generator() {
    List<Summary.AgentHealth> health = new ArrayList<>();
    boolean saturated = false;
    for (AgentProgress a : agents.values()) {
      health.add(
          new Summary.AgentHealth(
              a.session.id(), a.cpuMax, a.loopDelayMaxUs / 1000.0, a.saturatedIntervals));
      saturated |= a.saturatedIntervals > 0;
    }
    return new Summary.Generator(saturated, health);
  }

  List<Run.AgentReport> reports() {
    return agents.values().stream()
        .map(
            a ->
                new Run.AgentReport(
                    a.session.id(),
                    a.session.hello().getHost(),
                    a.session.hello().getCores(),
                    a.okRequests,
                    a.failedRequests,
                    a.startedUs))
        .toList();
  }

  List<Run.AgentHealthNow> healthNow() {
    return agents.values().stream()
        .map(
            a ->
                new Run.AgentHealthNow(
                    a.session.id(), a.cpuLast, a.loopDelayLastUs / 1e6, a.resent, a.late))
        .toList();
  }

  /** The spread of the agents' actual starts in ms, or null before every agent reported one. */
  Double startSkewMs() {
    if (agents.isEmpty() || agents.values().stream().anyMatch(a -> a.startedUs == 0)) {
      return null;
    }
    long min = agents.values().stream().mapToLong(a -> a.startedUs).min().getAsLong();
    long max = agents.values().stream().mapToLong(a -> a.startedUs).max().getAsLong();
    return (max - min) / 1000.0;
  }
}
