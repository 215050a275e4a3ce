package io.broadside.coordinator.run;

import io.broadside.common.shard.Shares;
import io.broadside.common.summary.Summary;
import io.broadside.common.time.TimeSource;
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
public final class RunAgents {
  private final String runId;
  private final TimeSource time;
  private final Map<String, AgentProgress> agents = new LinkedHashMap<>();
  private final List<Map<String, String>> lost = new ArrayList<>();

  /** The plan's peak of users, which the agents' --max-users must hold (0: not a closed loop). */
  private int peakUsers;

  RunAgents(String runId, TimeSource time) {
    this.runId = runId;
    this.time = time;
  }

  /**
   * Every agent gets the plan, its index, and every agent's weight (its cores, less where an
   * agent's {@code --max-users} would be passed at the plan's {@code peakUsers}). Returns why not
   * when the agents together hold fewer users than the peak, and tells none of them.
   */
  String prepare(
      List<AgentSession> chosen,
      String planText,
      Path baseDir,
      List<io.broadside.common.plan.PlanBundle.File> files,
      Duration snapshotInterval,
      int peakUsers) {
    this.peakUsers = peakUsers;
    double[] cores = new double[chosen.size()];
    int[] caps = new int[chosen.size()];
    for (int i = 0; i < chosen.size(); i++) {
      cores[i] = cores(chosen.get(i));
      caps[i] = maxUsers(chosen.get(i));
    }
    double[] shares = peakUsers <= 0 ? cores : Shares.capped(peakUsers, cores, caps);
    if (shares == null) {
      long room = 0;
      for (int c : caps) {
        room += c;
      }
      return "the plan asks for "
          + peakUsers
          + " users at its peak; its "
          + chosen.size()
          + " agent(s) hold "
          + room
          + " together (their --max-users)";
    }
    List<Double> weights = new ArrayList<>();
    for (double w : shares) {
      weights.add(w);
    }
    List<io.broadside.protocol.v1.PlanFile> planFiles =
        files.stream()
            .map(
                f ->
                    io.broadside.protocol.v1.PlanFile.newBuilder()
                        .setPath(f.path())
                        .setSha256(f.sha256())
                        .setSize(f.size())
                        .build())
            .toList();
    for (int i = 0; i < chosen.size(); i++) {
      AgentSession a = chosen.get(i);
      agents.put(a.id(), new AgentProgress(a, snapshotInterval.toMillis() / 1000.0));
      a.state(AgentSession.State.PREPARING);
      a.send(
          ControlMessages.prepare(
              runId,
              planText,
              i,
              snapshotInterval.toMillis(),
              baseDir == null ? "" : baseDir.toString(),
              weights,
              planFiles));
    }
    return null;
  }

  /** An agent's weight: closed-loop users and open-loop arrivals are shared by cores. */
  private static double cores(AgentSession a) {
    return Math.max(1, a.hello().getCores());
  }

  /** The most users an agent holds (its --max-users; unbounded when it did not say). */
  private static int maxUsers(AgentSession a) {
    int max = a.hello().getMaxUsers();
    return max <= 0 ? Integer.MAX_VALUE : max;
  }

  /** Everyone starts at the same instant, {@code startUs} in our clock, told in each one's own. */
  void startAt(long startUs) {
    for (AgentProgress a : agents.values()) {
      a.session.state(AgentSession.State.RUNNING);
      a.session.send(ControlMessages.startAt(runId, a.fixClock().toAgent(startUs)));
    }
  }

  void stop(String reason) {
    for (AgentProgress a : agents.values()) {
      a.session.send(ControlMessages.stop(runId, reason));
    }
  }

  /**
   * Rebalance: from {@code delay} from now (the next interval boundary) the surviving agents share
   * the whole load, by their cores; the lost agents' weight is 0.
   */
  public void reshard(Duration delay) {
    long fromUs = time.nowUs() + delay.toNanos() / 1000;
    double[] cores = new double[agents.size()];
    int[] caps = new int[agents.size()];
    int i = 0;
    for (AgentProgress a : agents.values()) {
      cores[i] = a.lost ? 0.0 : cores(a.session);
      caps[i++] = a.lost ? 0 : maxUsers(a.session);
    }
    // within the survivors' --max-users where they can hold the peak; past it, by cores (each
    // survivor's load thread then says whether it keeps up)
    double[] capped = peakUsers <= 0 ? null : Shares.capped(peakUsers, cores, caps);
    List<Double> weights = new ArrayList<>();
    for (double w : capped != null ? capped : cores) {
      weights.add(w);
    }
    toLiveAgents(a -> ControlMessages.reshard(runId, weights, a.clock().toAgent(fromUs)));
  }

  /**
   * An adaptive run: the coordinator chose {@code users} from timeline stage {@code index} on,
   * spread over the first {@code models} of the plan's list (0: all); with {@code jumpUs} (our
   * clock, nonzero) the run jumps to that stage then.
   */
  public void setLevel(int index, int users, int models, long jumpUs) {
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

  /** Whether the agent is part of this run. */
  public boolean involves(String agentId) {
    return agents.containsKey(agentId);
  }

  /** Whether an agent of this run has a live control stream. */
  public boolean connected(String agentId) {
    AgentProgress a = agents.get(agentId);
    return a != null && a.session.connected();
  }

  /** A reconnected agent's new session replaces the old one for this run. */
  public void rebind(AgentSession session, boolean preparing) {
    AgentProgress a = agents.get(session.id());
    if (a != null) {
      a.session = session;
      session.state(preparing ? AgentSession.State.PREPARING : AgentSession.State.RUNNING);
    }
  }

  /** An agent stayed away past its lease and the run goes on without it ({@code how}). */
  public void markLost(String agentId, String how) {
    AgentProgress a = agents.get(agentId);
    if (a != null && !a.lost) {
      a.lost = true;
      a.activeUsers = 0;
      lost.add(Map.of("id", agentId, "at", time.now().toString(), "then", how));
    }
  }

  /** Agents lost during the run: id, when, and what the run did. */
  public List<Map<String, String>> lost() {
    return List.copyOf(lost);
  }

  public List<AgentSession> sessions() {
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

  /** Whether any agent of the run is still in it. */
  public boolean anyLeft() {
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

  /** The users active now over every agent still in the run (as of their last snapshots). */
  public int activeUsers() {
    return agents.values().stream().filter(a -> !a.lost).mapToInt(a -> a.activeUsers).sum();
  }

  int activeUsersReported() {
    return agents.values().stream().mapToInt(a -> a.activeUsers).sum();
  }

  /** The arrival rate the plan asks for now, over the agents still in the run. */
  public double targetRate() {
    return agents.values().stream().filter(a -> !a.lost).mapToDouble(a -> a.targetRate).sum();
  }

  /**
   * Each agent's generator health over the run, and the run's verdict: see {@link GeneratorHealth}.
   */
  public Summary.Generator generator() {
    List<Summary.AgentHealth> health = new ArrayList<>();
    for (AgentProgress a : agents.values()) {
      health.add(a.health.summary(a.session.id()));
    }
    return GeneratorHealth.verdict(health);
  }

  /** Per agent, in order of index: what it reported, for run.json. */
  public List<AgentReport> reports() {
    return agents.values().stream()
        .map(
            a ->
                new AgentReport(
                    a.session.id(),
                    a.session.hello().getHost(),
                    a.session.hello().getCores(),
                    a.okRequests,
                    a.failedRequests,
                    a.startedUs,
                    List.copyOf(a.gaps)))
        .toList();
  }

  /** Each agent's health as of its last snapshot, and its delivery counts. */
  public List<AgentHealthNow> health() {
    return agents.values().stream()
        .map(
            a ->
                new AgentHealthNow(
                    a.session.id(),
                    a.session.hello().getHost(),
                    a.health.saturated(),
                    a.health.cpuLast(),
                    a.health.loadCpuLast(),
                    a.health.loopDelayLastUs() / 1e6,
                    a.resent,
                    a.late))
        .toList();
  }

  /** The spread of the agents' actual starts in ms, or null before every agent reported one. */
  public Double startSkewMs() {
    if (agents.isEmpty() || agents.values().stream().anyMatch(a -> a.startedUs == 0)) {
      return null;
    }
    long min = agents.values().stream().mapToLong(a -> a.startedUs).min().getAsLong();
    long max = agents.values().stream().mapToLong(a -> a.startedUs).max().getAsLong();
    return (max - min) / 1000.0;
  }
}
