package io.broadside.coordinator.run;

import io.broadside.common.metric.Counter;
import io.broadside.common.plan.Model;
import io.broadside.common.plan.Plan;
import io.broadside.common.summary.RunAggregate;
import io.broadside.common.summary.Summary;
import io.broadside.common.summary.SummaryCalculator;
import io.broadside.common.time.TimeSource;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.coordinator.merge.Progress;
import io.broadside.coordinator.merge.RunWindows;
import io.broadside.coordinator.merge.SnapshotMerger;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.RunEnded;
import io.broadside.protocol.v1.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run's lifecycle: pending → preparing → running → completed, stopped or failed (or
 * interrupted, read back after a coordinator stop). It accepts each agent's snapshots exactly once
 * and hands them to its {@link SnapshotMerger}; its agents ({@link RunAgents}) hold what each was
 * told and reported; its {@link Study} adds what the load shape finds. Confined to the
 * coordinator's context: every method is called there.
 */
public final class Run {
  private final String id;
  private final String planText;
  private final Plan plan;
  private final Path baseDir;
  private final Path dir;
  private final Study study;
  private final TimeSource time;
  private final List<String> stageNames;
  private final List<String> modelNames;
  private final SnapshotMerger merger;
  private final RunAgents agents;
  private final List<Consumer<Run>> endListeners = new ArrayList<>();
  private final List<Map<String, String>> lostAgents = new ArrayList<>();
  private long createdUs;
  private RunStatus status = RunStatus.PENDING;
  private String error;
  private boolean stopRequested;

  /** Why the run ended itself, having found what it looked for (a search); null otherwise. */
  private String completedBecause;

  private long startUs;
  private long endUs;
  private int graceTimeouts;
  private long duplicates;
  private Summary finalSummary;
  private long snapshotIntervalUs = 1_000_000;

  public Run(
      String id, String planText, Plan plan, Path baseDir, Path dir, Study study, TimeSource time) {
    this(id, planText, plan, baseDir, dir, study, time, new RunAggregate());
  }

  private Run(
      String id,
      String planText,
      Plan plan,
      Path baseDir,
      Path dir,
      Study study,
      TimeSource time,
      RunAggregate aggregate) {
    this.id = id;
    this.planText = planText;
    this.plan = plan;
    this.baseDir = baseDir;
    this.dir = dir;
    this.study = study;
    this.time = time;
    this.createdUs = time.nowUs();
    this.merger = new SnapshotMerger(aggregate, createdUs);
    this.agents = new RunAgents(id);
    this.stageNames = plan.load().shape().measuredStageNames();
    this.modelNames = plan.models().stream().map(Model::name).toList();
  }

  /**
   * A run read back from its directory after the coordinator stopped mid-run: what it had merged
   * (histograms and counters as written while snapshots arrived), status interrupted.
   */
  public static Run recovered(
      String id,
      String planText,
      Plan plan,
      Path dir,
      Study study,
      RunAggregate merged,
      long startUs,
      long endUs) {
    Run run = new Run(id, planText, plan, null, dir, study, TimeSource.SYSTEM, merged);
    run.status = RunStatus.INTERRUPTED;
    run.startUs = startUs;
    run.endUs = endUs;
    run.error = "the coordinator stopped before the run ended; results hold what it had received";
    run.finalSummary = run.summary();
    return run;
  }

  /**
   * A run that ended before this coordinator started, as its directory holds it: run.json's status,
   * times and error, and summary.json as written.
   */
  public static Run ended(
      String id,
      String planText,
      Plan plan,
      Path dir,
      Study study,
      RunStatus status,
      long createdUs,
      long startUs,
      long endUs,
      String error,
      Summary summary) {
    Run run = new Run(id, planText, plan, null, dir, study, TimeSource.SYSTEM);
    run.status = status;
    run.createdUs = createdUs;
    run.startUs = startUs;
    run.endUs = endUs;
    run.error = error;
    run.finalSummary = summary;
    return run;
  }

  public String id() {
    return id;
  }

  public Plan plan() {
    return plan;
  }

  public String planText() {
    return planText;
  }

  public Path dir() {
    return dir;
  }

  public RunStatus status() {
    return status;
  }

  public String error() {
    return error;
  }

  public long createdUs() {
    return createdUs;
  }

  public long startUs() {
    return startUs;
  }

  public long endUs() {
    return endUs;
  }

  public int graceTimeouts() {
    return graceTimeouts;
  }

  public long duplicates() {
    return duplicates;
  }

  public List<AgentSession> agents() {
    return agents.sessions();
  }

  public boolean involves(String agentId) {
    return agents.contains(agentId);
  }

  public Duration plannedDuration() {
    return plan.load().shape().totalDuration();
  }

  /** What the run's load shape decides and finds. */
  public Study study() {
    return study;
  }

  /** The plan's model names, in order. */
  public List<String> modelNames() {
    return modelNames;
  }

  /** Runs {@code listener} once the run has ended and its files are written. */
  public void onEnded(Consumer<Run> listener) {
    endListeners.add(listener);
  }

  /** Takes the listeners waiting for the end (each is called once). */
  public List<Consumer<Run>> takeEndListeners() {
    List<Consumer<Run>> listeners = new ArrayList<>(endListeners);
    endListeners.clear();
    return listeners;
  }

  /**
   * PENDING → PREPARING: every agent gets the plan, its index and the weights. {@code
   * metricsWindow} is the span of the exact window quantiles on /metrics.
   */
  public void prepare(
      List<AgentSession> chosen, Duration snapshotInterval, Duration metricsWindow) {
    status = RunStatus.PREPARING;
    snapshotIntervalUs = snapshotInterval.toNanos() / 1000;
    merger.windows(metricsWindow, snapshotInterval);
    agents.prepare(chosen, planText, baseDir, snapshotInterval);
  }

  /**
   * An agent is ready (or could not prepare). Returns true when every agent is ready and the run
   * should start.
   */
  public boolean ready(String agentId, boolean ok, String problem) {
    AgentProgress a = agents.get(agentId);
    if (a == null || status != RunStatus.PREPARING) {
      return false;
    }
    if (!ok) {
      fail("agent " + agentId + " could not prepare: " + problem);
      return false;
    }
    a.ready = true;
    return agents.allReady();
  }

  /** PREPARING → RUNNING: everyone starts at the same absolute time, {@code delay} from now. */
  public void start(Duration delay) {
    status = RunStatus.RUNNING;
    startUs = time.nowUs() + delay.toNanos() / 1000;
    merger.start(startUs);
    agents.startAt(startUs);
  }

  /**
   * Merges a snapshot exactly once. Returns false for a duplicate (already merged; still to be
   * acknowledged) or a snapshot of an agent that is not part of this run.
   */
  public boolean snapshot(String agentId, SnapshotCodec.Decoded decoded) {
    Snapshot s = decoded.snapshot();
    AgentProgress a = agents.get(agentId);
    if (a == null || status.ended()) {
      return false;
    }
    if (!a.accept(s.getSequence())) {
      duplicates++;
      a.resent++;
      return false;
    }
    // more than two intervals after its interval ended, in the coordinator's clock
    if (time.nowUs() - agents.toCoordinator(a, s.getIntervalEndUs()) > 2 * snapshotIntervalUs) {
      a.late++;
    }
    a.activeUsers = s.getActiveUsers();
    a.targetRate = s.getTargetRate();
    a.health(s.getCpuRatio(), s.getLoopDelayMaxUs());
    for (CounterDelta c : s.getCountersList()) {
      if (c.getName().equals(Counter.OK)) {
        a.okRequests += c.getDelta();
      } else if (c.getName().equals(Counter.FAILED)) {
        a.failedRequests += c.getDelta();
      }
    }
    merger.merge(agentId, a.clock(), startUs, decoded);
    return true;
  }

  /** The agent stopped firing and sent everything up to {@code lastSequence}. */
  public void runEnded(String agentId, RunEnded ended) {
    AgentProgress a = agents.get(agentId);
    if (a == null) {
      return;
    }
    a.lastSequence = ended.getLastSequence();
    a.startedUs = ended.getStartedUs() == 0 ? 0 : agents.toCoordinator(a, ended.getStartedUs());
    a.failed = ended.getFailed();
    if (a.failed && error == null) {
      error = "agent " + agentId + ": " + ended.getError();
    }
  }

  /** Whether every agent sent its last snapshot (and every one before it). */
  public boolean allFlushed() {
    return agents.allFlushed();
  }

  /** Whether every agent still in the run said it stopped firing. */
  public boolean allEnded() {
    return agents.allEnded();
  }

  public void countGraceTimeout() {
    graceTimeouts++;
  }

  /** Tells every agent to stop firing; the run ends once they have flushed. */
  public void requestStop(String reason) {
    stopRequested = true;
    agents.stop(reason);
  }

  public boolean stopRequested() {
    return stopRequested;
  }

  /**
   * The run found what it looked for (a search): every agent is told to stop, and the run completes
   * (not stopped) with {@code verdict} as the reason. Nothing once it is stopping or not running.
   */
  public void completeEarly(String verdict) {
    if (status == RunStatus.RUNNING && !stopRequested) {
      completedBecause = verdict;
      requestStop(verdict);
    }
  }

  /** Fails the run with {@code why} (the first reason is kept) and stops its agents. */
  public void fail(String why) {
    if (error == null) {
      error = why;
    }
    if (!status.ended()) {
      requestStop(why);
      status = RunStatus.FAILED;
      endUs = time.nowUs();
    }
  }

  /** Ends the run with its final status (unless it already failed). */
  public void end() {
    if (!status.ended()) {
      status =
          agents.anyFailed()
              ? RunStatus.FAILED
              : stopRequested && completedBecause == null ? RunStatus.STOPPED : RunStatus.COMPLETED;
      endUs = time.nowUs();
    }
    agents.release();
    finalSummary = summary();
  }

  /** A pending run stopped before any agent was told of it. */
  public void markStoppedBeforeStart() {
    stopRequested = true;
    status = RunStatus.STOPPED;
    endUs = time.nowUs();
    finalSummary = summary();
  }

  /** The summary so far (live while running; final once ended). */
  public Summary summary() {
    if (finalSummary != null) {
      return finalSummary;
    }
    Summary merged =
        study.summarize(
            SummaryCalculator.summarize(
                id, status.wire(), stageNames, modelNames, merger.aggregate(), plan.cost()),
            this);
    return agents.isEmpty() ? merged : merged.withGenerator(agents.generator());
  }

  /** The summary row of one stage so far, or null if the stage is not in the summary. */
  public Summary.Stage stageRow(String stage) {
    return SummaryCalculator.summarize(
            id, status.wire(), List.of(stage), modelNames, merger.aggregate(), plan.cost())
        .stages()
        .stream()
        .findFirst()
        .orElse(null);
  }

  /** A counter of one (stage, model) cell so far; 0 when the cell has none. */
  public long counter(String stage, String model, String name) {
    var cell = merger.aggregate().cellOrNull(stage, model);
    return cell == null ? 0 : cell.counter(name);
  }

  /** The first error of each stage so far. */
  public Map<String, Summary.FirstError> firstErrors() {
    return merger.firstErrors();
  }

  /** Drains the histogram log lines gathered since the last call. */
  public String takeHlog() {
    return merger.takeHlog();
  }

  /** Drains the counter-log lines gathered since the last call. */
  public String takeCounterLog() {
    return merger.takeCounterLog();
  }

  /** Figures since the previous call, for a progress line. */
  public Progress progress() {
    long now = time.nowUs();
    double elapsed = startUs == 0 || now < startUs ? 0 : (now - startUs) / 1e6;
    double planned = plannedDuration().toMillis() / 1000.0;
    return merger.progress(
        status.wire(), elapsed, Math.max(0, planned - elapsed), agents.activeUsersReported(), now);
  }

  /** Per agent, in order of index: what it reported, for run.json. */
  public List<AgentReport> agentReports() {
    return agents.reports();
  }

  /**
   * The spread of the agents' actual start times in milliseconds, or null before every agent
   * reported one.
   */
  public Double startSkewMs() {
    return agents.startSkewMs();
  }

  /** One agent's part in a run. */
  public record AgentReport(
      String id, String host, int cores, long ok, long failed, long startedUs) {}

  /** Whether an agent of this run has a live control stream. */
  public boolean agentConnected(String agentId) {
    AgentProgress a = agents.get(agentId);
    return a != null && a.session.connected();
  }

  /** A reconnected agent's new session replaces the old one for this run. */
  public void rebind(AgentSession session) {
    AgentProgress a = agents.get(session.id());
    if (a != null) {
      a.session = session;
      session.state(
          status == RunStatus.PREPARING
              ? AgentSession.State.PREPARING
              : AgentSession.State.RUNNING);
    }
  }

  /** An agent stayed away past its lease and the run goes on without it (degraded). */
  public void markLost(String agentId, String how) {
    AgentProgress a = agents.get(agentId);
    if (a != null && !a.lost) {
      a.lost = true;
      a.activeUsers = 0;
      lostAgents.add(Map.of("id", agentId, "at", time.now().toString(), "then", how));
    }
  }

  /** Whether any agent of the run is still in it. */
  public boolean anyAgentLeft() {
    return agents.anyLeft();
  }

  /**
   * Rebalance: from {@code delay} from now (the next interval boundary) the surviving agents share
   * the whole load, by their cores; the lost agents' weight is 0.
   */
  public void reshard(Duration delay) {
    agents.reshard(time.nowUs() + delay.toNanos() / 1000);
  }

  /**
   * An adaptive run: the coordinator chose {@code users} from timeline stage {@code index} on,
   * spread over the first {@code models} of the plan's list (0: all); with {@code jumpUs}
   * (coordinator clock, nonzero) the run jumps to that stage then.
   */
  public void setLevel(int index, int users, int models, long jumpUs) {
    agents.setLevel(index, users, models, jumpUs);
  }

  /** An agent saw {@code model} ready at {@code agentUs} (its clock): a scale study's event. */
  public void modelReady(String agentId, String model, long agentUs) {
    AgentProgress a = agents.get(agentId);
    if (a != null && !status.ended()) {
      study.modelReady(model, agents.toCoordinator(a, agentUs));
    }
  }

  /** Agents lost during the run: id, when, and what the run did. */
  public List<Map<String, String>> lostAgents() {
    return List.copyOf(lostAgents);
  }

  /** The users active now over every agent still in the run (as of their last snapshots). */
  public int activeUsers() {
    return agents.activeUsers();
  }

  /** What has been merged so far (the coordinator's context only). */
  public RunAggregate aggregate() {
    return merger.aggregate();
  }

  /** The sliding windows of the exact quantiles on /metrics (the coordinator's context only). */
  public RunWindows windows() {
    return merger.windows();
  }

  /** The arrival rate the plan asks for now, over the agents still in the run. */
  public double targetRate() {
    return agents.targetRate();
  }

  /** Each agent's health as of its last snapshot, and its delivery counts. */
  public List<AgentHealthNow> agentHealth() {
    return agents.healthNow();
  }

  /** One agent's generator health now: CPU 0–1, event-loop delay in seconds, snapshot counts. */
  public record AgentHealthNow(
      String agent, double cpuRatio, double loopDelaySeconds, long resent, long late) {}
}
