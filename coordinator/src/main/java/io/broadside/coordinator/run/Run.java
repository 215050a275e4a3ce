package io.broadside.coordinator.run;

import io.broadside.common.plan.Model;
import io.broadside.common.plan.Plan;
import io.broadside.common.plan.PlanBundle;
import io.broadside.common.summary.RunAggregate;
import io.broadside.common.summary.Summary;
import io.broadside.common.time.TimeSource;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.coordinator.merge.Progress;
import io.broadside.coordinator.merge.RunWindows;
import io.broadside.coordinator.merge.SnapshotMerger;
import io.broadside.protocol.ControlMessages;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.RunEnded;
import io.broadside.protocol.v1.SeriesInterval;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.StageWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(Run.class.getName());

  private final Plan plan;
  private final Path baseDir;
  private List<PlanBundle.File> planFiles = List.of();
  private boolean bundled;
  private final RunEvents events = new RunEvents();
  private final Path dir;
  private final Study study;
  private final TimeSource time;
  private final List<String> stageNames;
  private final List<String> modelNames;
  private final SnapshotMerger merger;
  private final Summarizer summarizer;
  private final RunAgents agents;
  private final List<Consumer<Run>> endListeners = new ArrayList<>();
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
  private long merged;
  private Summary finalSummary;
  // a compacted run's summary.json, read when asked for
  private Supplier<Summary> summaryOnDisk;
  private boolean finishing;
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
    this.agents = new RunAgents(id, time);
    this.stageNames = plan.load().shape().measuredStageNames();
    this.modelNames = plan.models().stream().map(Model::name).toList();
    this.summarizer = new Summarizer(id, modelNames, merger, plan.cost());
  }

  /**
   * A run read back from its directory, as it was when this coordinator started: {@code status},
   * times and error as written, with its summary read from {@code summaryOnDisk} when asked for,
   * or, when that is null (a run the coordinator stopped mid-run), what {@code merged} holds.
   */
  public static Run restored(
      String id,
      String planText,
      Plan plan,
      Path dir,
      Study study,
      RunAggregate merged,
      RunStatus status,
      long createdUs,
      long startUs,
      long endUs,
      String error,
      Supplier<Summary> summaryOnDisk) {
    Run run = new Run(id, planText, plan, null, dir, study, TimeSource.SYSTEM, merged);
    run.status = status;
    run.createdUs = createdUs;
    run.startUs = startUs;
    run.endUs = endUs;
    run.error = error;
    if (summaryOnDisk != null) {
      // its summary.json is read when asked for, never held
      run.summaryOnDisk = summaryOnDisk;
      run.merger.release();
    } else {
      run.finalSummary = run.summary();
    }
    return run;
  }

  /**
   * An ended run whose results are written lets go of its merged histograms, windows and summary
   * (see {@link SnapshotMerger#release}); from then on {@link #summary} reads {@code onDisk} (its
   * summary.json). Called once it has left /metrics. Nothing for a run still going.
   */
  public void compact(Supplier<Summary> onDisk) {
    if (status.ended() && finalSummary != null) {
      merger.release();
      events.compact();
      summaryOnDisk = onDisk;
      finalSummary = null;
    }
  }

  /**
   * Whether {@link #summary} reads the disk (a compacted run): blocking work, for a worker thread.
   */
  public boolean summaryOnDisk() {
    return summaryOnDisk != null;
  }

  /**
   * Whether the run's results are to be written now: true once, for the first caller (a run that
   * fails while its files are being written is not written twice).
   */
  public boolean startFinishing() {
    if (finishing) {
      return false;
    }
    finishing = true;
    return true;
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

  /** Snapshots merged so far: what changed since a figure was read. */
  public long merged() {
    return merged;
  }

  /** The run's agents: what each was told and reported, and which are still in it. */
  /** Every file the plan names, by its path relative to {@link #baseDir()} and its hash. */
  public List<PlanBundle.File> planFiles() {
    return planFiles;
  }

  /**
   * Sets the files the plan names (when it was accepted); {@code bundled}: they came with it (an
   * archive), so agents always take them by hash, never from the coordinator's folder even when
   * they share its filesystem.
   */
  public void planFiles(List<PlanBundle.File> files, boolean bundled) {
    this.planFiles = List.copyOf(files);
    this.bundled = bundled;
  }

  /**
   * The file with this hash that the plan names, for an agent of this run while it prepares; null
   * otherwise.
   */
  public Path planFile(String agentId, String sha256) {
    if (status != RunStatus.PREPARING || !agents.involves(agentId) || baseDir == null) {
      return null;
    }
    for (PlanBundle.File f : planFiles) {
      if (f.sha256().equals(sha256)) {
        return baseDir.resolve(f.path());
      }
    }
    return null;
  }

  /** The run's live events, as {@code GET /api/v1/runs/{id}/events} sends them. */
  public RunEvents events() {
    return events;
  }

  public RunAgents agents() {
    return agents;
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
    String short_ =
        agents.prepare(
            chosen,
            planText,
            bundled ? null : baseDir,
            planFiles,
            snapshotInterval,
            plan.load().peakUsers());
    if (short_ != null) {
      fail(short_);
      agents.release();
    }
  }

  /**
   * An agent is ready (or could not prepare). Returns true when every agent is ready and the run
   * should start.
   */
  public boolean ready(String agentId, boolean ok, String problem) {
    AgentProgress a = agents.get(agentId);
    if (a == null) {
      return false;
    }
    if (status != RunStatus.PREPARING) {
      if (ok && status.ended()) {
        // prepared after another agent failed the run: its stop came before the run existed
        // there, so it holds a prepared run until told again
        a.session.send(ControlMessages.stop(id, error == null ? "the run ended" : error));
      }
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
    String invalid = !a.inWindow(s.getSequence()) ? "a sequence out of its window" : invalid(s);
    if (invalid != null) {
      // nothing of it is kept: no cell, no series, no sequence (acknowledged, so never resent)
      if (rejected++ % 100 == 0) {
        LOG.warning("run " + id + ": snapshot of agent " + agentId + " rejected (" + invalid + ")");
      }
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
    a.arrived(time.nowUs(), startUs, snapshotIntervalUs);
    a.reported(s, startUs);
    merger.merge(agentId, a.clock(), startUs, decoded);
    merged++;
    return true;
  }

  /**
   * Why a snapshot cannot be this run's, or null: every stage and model it names must be the plan's
   * (a stage of its timeline, or the warmup), every counter name short; so a snapshot allocates no
   * cell the plan does not have.
   */
  private String invalid(Snapshot s) {
    if (validStages == null) {
      validStages = new HashSet<>();
      plan.load().shape().timeline().forEach(st -> validStages.add(st.name()));
      validStages.add("warmup");
      validModels = new HashSet<>();
      plan.models().forEach(m -> validModels.add(m.name()));
      validParts =
          new HashSet<>(
              io.broadside.common.metric.Parts.of(
                  plan.slices().stream().map(io.broadside.common.plan.Slice::name).toList(),
                  plan.sessions() == null ? 0 : plan.sessions().turns()));
    }
    for (SeriesInterval x : s.getPartSeriesList()) {
      if (!validStages.contains(x.getStage())
          || !validModels.contains(x.getModel())
          || !validParts.contains(x.getPart())) {
        return "a part's series of a stage, model or part not in the plan";
      }
    }
    for (CounterDelta c : s.getPartCountersList()) {
      if (!validStages.contains(c.getStage())
          || !validModels.contains(c.getModel())
          || !validParts.contains(c.getPart())
          || c.getName().length() > MAX_COUNTER_NAME) {
        return "a part's counter of a stage, model or part not in the plan, or a name too long";
      }
    }
    for (StageWindow w : s.getPartWindowsList()) {
      if (!validStages.contains(w.getStage())
          || !validModels.contains(w.getModel())
          || !validParts.contains(w.getPart())) {
        return "a part's window of a stage, model or part not in the plan";
      }
    }
    for (SeriesInterval x : s.getSeriesList()) {
      if (!validStages.contains(x.getStage()) || !validModels.contains(x.getModel())) {
        return "a series of a stage or model not in the plan";
      }
    }
    for (CounterDelta c : s.getCountersList()) {
      if (!validStages.contains(c.getStage())
          || !validModels.contains(c.getModel())
          || c.getName().length() > MAX_COUNTER_NAME) {
        return "a counter of a stage or model not in the plan, or a name too long";
      }
    }
    for (StageWindow w : s.getWindowsList()) {
      if (!validStages.contains(w.getStage()) || !validModels.contains(w.getModel())) {
        return "a window of a stage or model not in the plan";
      }
    }
    return null;
  }

  private static final int MAX_COUNTER_NAME = 128;
  private Set<String> validStages;
  private Set<String> validModels;
  private Set<String> validParts;
  private long rejected;

  /** Snapshots refused as not this run's (stages or models it does not have, sequences too far). */
  public long rejected() {
    return rejected;
  }

  /** Whether agent {@code agentId} takes part in this run. */
  public boolean involves(String agentId) {
    return agents.get(agentId) != null;
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

  /**
   * An exception in one of the run's handlers (a merge, a study's step or summary, a hook's
   * outcome): the run fails with the exception's message, even if it had just ended, and stops its
   * agents; what was merged is kept.
   */
  public void internalError(Throwable e) {
    String why = "internal error: " + e;
    if (!status.ended()) {
      fail(why);
    } else {
      if (error == null) {
        error = why;
      }
      status = RunStatus.FAILED;
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

  /**
   * A preparing run stopped before it started (Ctrl-C during a warmup): its agents are told to
   * stop, and one that says it is ready later is told again (see {@link #ready}); each is free once
   * it says it stopped.
   */
  public void stopWhilePreparing(String reason) {
    requestStop(reason);
    status = RunStatus.STOPPED;
    endUs = time.nowUs();
    finalSummary = summary();
  }

  /** A pending run stopped before any agent was told of it. */
  public void markStoppedBeforeStart() {
    stopRequested = true;
    status = RunStatus.STOPPED;
    endUs = time.nowUs();
    finalSummary = summary();
  }

  /**
   * The summary so far (live while running; final once ended; read from summary.json once the run
   * is compacted: see {@link #summaryOnDisk}).
   */
  public Summary summary() {
    if (finalSummary != null) {
      return finalSummary;
    }
    if (summaryOnDisk != null) {
      Summary written = summaryOnDisk.get();
      if (written != null) {
        return written;
      }
    }
    Summary merged;
    try {
      merged = study.summarize(summarizer.summary(status, stageNames), this);
    } catch (RuntimeException e) {
      // the study's findings are lost, never the run's figures
      internalError(e);
      merged = summarizer.summary(status, stageNames);
    }
    return agents.isEmpty() ? merged : merged.withGenerator(agents.generator());
  }

  /** The summary row of one stage so far, or null if the stage is not in the summary. */
  public Summary.Stage stageRow(String stage) {
    return summarizer.summary(status, List.of(stage)).stages().stream().findFirst().orElse(null);
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
    return merger
        .progress(
            status.wire(),
            elapsed,
            Math.max(0, planned - elapsed),
            agents.activeUsersReported(),
            now,
            !plan.slo().equals(io.broadside.common.plan.Slo.NONE))
        .withStudy(study.progress());
  }

  /** An agent saw {@code model} ready at {@code agentUs} (its clock): a scale study's event. */
  public void modelReady(String agentId, String model, long agentUs) {
    AgentProgress a = agents.get(agentId);
    if (a != null && !status.ended()) {
      study.modelReady(model, agents.toCoordinator(a, agentUs));
    }
  }

  /** What has been merged so far (the coordinator's context only). */
  public RunAggregate aggregate() {
    return merger.aggregate();
  }

  /** The sliding windows of the exact quantiles on /metrics (the coordinator's context only). */
  public RunWindows windows() {
    return merger.windows();
  }
}
