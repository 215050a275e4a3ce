package io.broadside.coordinator.run;

import io.broadside.common.histogram.HlogWriter;
import io.broadside.common.metric.Counter;
import io.broadside.common.plan.Model;
import io.broadside.common.plan.Plan;
import io.broadside.common.plan.Saturate;
import io.broadside.common.plan.Sweep;
import io.broadside.common.summary.RunAggregate;
import io.broadside.common.summary.SaturationCheck;
import io.broadside.common.summary.Summary;
import io.broadside.common.summary.SummaryCalculator;
import io.broadside.common.summary.SweepKnee;
import io.broadside.common.time.MonoClock;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.coordinator.metrics.RunWindows;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.Prepare;
import io.broadside.protocol.v1.RunEnded;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.StartAt;
import io.broadside.protocol.v1.Stop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run's state machine and exact merge. Confined to the coordinator's context: every method is
 * called there. Side effects leave through {@link RunEffects} (timers, files).
 */
public final class Run {
  private final String id;
  private final String planText;
  private final Plan plan;
  private final Path baseDir;
  private final Path dir;
  private long createdUs = MonoClock.nowUs();
  private final List<String> stageNames;
  private final List<String> modelNames;
  private final RunAggregate aggregate;
  private final Map<String, AgentProgress> agents = new LinkedHashMap<>();
  private final StringBuilder hlog = new StringBuilder();
  private final StringBuilder counterLog = new StringBuilder();
  private final List<Consumer<Run>> endListeners = new ArrayList<>();
  private RunStatus status = RunStatus.PENDING;
  private String error;
  private boolean stopRequested;
  private long startUs;
  private long endUs;
  private int graceTimeouts;
  private long duplicates;
  private Summary finalSummary;
  private final List<Map<String, String>> lostAgents = new ArrayList<>();
  private final LiveProgress live = new LiveProgress();
  private RunWindows windows = new RunWindows(30);
  private final Map<String, Summary.FirstError> firstErrors = new LinkedHashMap<>();
  private String searchStop;

  /** An adaptive run's steps judged so far, and the limits each broke (bisect). */
  private final List<Summary.SearchStep> searchSteps = new ArrayList<>();

  private final Map<String, List<String>> searchBroken = new LinkedHashMap<>();
  private boolean searchOver;

  /** A scale study: when each model was created and became ready (epoch µs), and hook failures. */
  private final Map<String, Long> modelCreatedUs = new java.util.HashMap<>();

  private final Map<String, Long> readyUs = new java.util.HashMap<>();
  private final Map<String, String> createErrors = new java.util.HashMap<>();
  private long snapshotIntervalUs = 1_000_000;

  public Run(String id, String planText, Plan plan, Path baseDir, Path dir) {
    this(id, planText, plan, baseDir, dir, new RunAggregate());
  }

  private Run(
      String id, String planText, Plan plan, Path baseDir, Path dir, RunAggregate aggregate) {
    this.aggregate = aggregate;
    this.id = id;
    this.planText = planText;
    this.plan = plan;
    this.baseDir = baseDir;
    this.dir = dir;
    this.stageNames = plan.load().shape().measuredStageNames();
    this.modelNames = plan.models().stream().map(Model::name).toList();
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
    return agents.values().stream().map(a -> a.session).toList();
  }

  public boolean involves(String agentId) {
    return agents.containsKey(agentId);
  }

  public Duration plannedDuration() {
    return plan.load().shape().totalDuration();
  }

  /** Runs {@code listener} once the run has ended and its files are written. */
  public void onEnded(Consumer<Run> listener) {
    endListeners.add(listener);
  }

  List<Consumer<Run>> endListeners() {
    return endListeners;
  }

  /**
   * PENDING → PREPARING: every agent gets the plan, its index and the weights. {@code
   * metricsWindow} is the span of the exact window quantiles on /metrics.
   */
  void prepare(List<AgentSession> chosen, Duration snapshotInterval, Duration metricsWindow) {
    status = RunStatus.PREPARING;
    snapshotIntervalUs = snapshotInterval.toNanos() / 1000;
    windows =
        new RunWindows(
            (int) Math.ceil((double) metricsWindow.toNanos() / snapshotInterval.toNanos()));
    for (int i = 0; i < chosen.size(); i++) {
      AgentSession a = chosen.get(i);
      agents.put(a.id(), new AgentProgress(a));
      a.state(AgentSession.State.PREPARING);
      Prepare.Builder p =
          Prepare.newBuilder()
              .setRunId(id)
              .setPlanText(planText)
              .setAgentIndex(i)
              .setSnapshotIntervalMs((int) snapshotInterval.toMillis())
              .setPlanBaseDir(baseDir == null ? "" : baseDir.toString());
      for (int k = 0; k < chosen.size(); k++) {
        // capacity: closed-loop users and open-loop arrivals are shared by cores
        p.addWeights(Math.max(1, chosen.get(k).hello().getCores()));
      }
      a.send(CoordinatorMessage.newBuilder().setPrepare(p).build());
    }
  }

  /**
   * An agent is ready (or could not prepare). Returns true when every agent is ready and the run
   * should start.
   */
  boolean ready(String agentId, boolean ok, String problem) {
    AgentProgress a = agents.get(agentId);
    if (a == null || status != RunStatus.PREPARING) {
      return false;
    }
    if (!ok) {
      fail("agent " + agentId + " could not prepare: " + problem);
      return false;
    }
    a.ready = true;
    return agents.values().stream().allMatch(p -> p.ready);
  }

  /** PREPARING → RUNNING: everyone starts at the same absolute time. */
  void start(Duration delay) {
    status = RunStatus.RUNNING;
    startUs = MonoClock.nowUs() + delay.toNanos() / 1000;
    hlog.append(HlogWriter.header(startUs / 1000));
    for (AgentProgress a : agents.values()) {
      a.session.state(AgentSession.State.RUNNING);
      // the same instant, told in each agent's own clock
      a.session.send(
          CoordinatorMessage.newBuilder()
              .setStartAt(
                  StartAt.newBuilder().setRunId(id).setStartUs(startUs + a.session.clockOffsetUs()))
              .build());
    }
  }

  /**
   * Merges a snapshot exactly once. Returns false for a duplicate (already merged; still to be
   * acknowledged) or a snapshot of an agent that is not part of this run.
   */
  boolean snapshot(String agentId, SnapshotCodec.Decoded decoded) {
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
    long endedUs = s.getIntervalEndUs() - a.session.clockOffsetUs();
    if (MonoClock.nowUs() - endedUs > 2 * snapshotIntervalUs) {
      a.late++;
    }
    a.activeUsers = s.getActiveUsers();
    a.targetRate = s.getTargetRate();
    a.health(s.getCpuRatio(), s.getLoopDelayMaxUs());
    CounterLog.append(counterLog, agentId, a.session.clockOffsetUs(), s);
    for (CounterDelta c : s.getCountersList()) {
      if (c.getName().equals(Counter.OK)) {
        a.okRequests += c.getDelta();
      } else if (c.getName().equals(Counter.FAILED)) {
        a.failedRequests += c.getDelta();
      }
    }
    SnapshotCodec.mergeInto(decoded, aggregate);
    for (io.broadside.protocol.v1.ErrorSample e : s.getErrorsList()) {
      firstErrors.merge(
          e.getStage(),
          new Summary.FirstError(
              e.getStage(), e.getModel(), e.getErrorClass(), e.getDetail(), e.getAtUs()),
          (was, now) -> was.atUs() <= now.atUs() ? was : now);
    }
    for (SnapshotCodec.DecodedSeries series : decoded.series()) {
      windows.record(series.stage(), series.model(), series.metric(), series.histogram());
    }
    // the snapshot's times are in the agent's clock: so is the run's start they are taken from
    hlog.append(SnapshotCodec.hlogLines(s, startUs + a.session.clockOffsetUs()));
    live.add(decoded);
    return true;
  }

  /** The agent stopped firing and sent everything up to {@code lastSequence}. */
  void runEnded(String agentId, RunEnded ended) {
    AgentProgress a = agents.get(agentId);
    if (a == null) {
      return;
    }
    a.lastSequence = ended.getLastSequence();
    a.startedUs = ended.getStartedUs() == 0 ? 0 : ended.getStartedUs() - a.session.clockOffsetUs();
    a.failed = ended.getFailed();
    if (a.failed && error == null) {
      error = "agent " + agentId + ": " + ended.getError();
    }
  }

  boolean allFlushed() {
    return !agents.isEmpty() && agents.values().stream().allMatch(AgentProgress::flushed);
  }

  boolean allEnded() {
    return agents.values().stream().allMatch(a -> a.lost || a.lastSequence >= 0);
  }

  void countGraceTimeout() {
    graceTimeouts++;
  }

  void requestStop(String reason) {
    stopRequested = true;
    for (AgentProgress a : agents.values()) {
      a.session.send(
          CoordinatorMessage.newBuilder()
              .setStop(Stop.newBuilder().setRunId(id).setReason(reason))
              .build());
    }
  }

  boolean stopRequested() {
    return stopRequested;
  }

  void fail(String why) {
    if (error == null) {
      error = why;
    }
    if (!status.ended()) {
      requestStop(why);
      status = RunStatus.FAILED;
      endUs = MonoClock.nowUs();
    }
  }

  /** Ends the run with its final status (unless it already failed). */
  void end() {
    if (!status.ended()) {
      boolean anyFailed = agents.values().stream().anyMatch(a -> a.failed);
      // a saturation search that stopped at its limit found what it looked for
      status =
          anyFailed
              ? RunStatus.FAILED
              : stopRequested && searchStop == null ? RunStatus.STOPPED : RunStatus.COMPLETED;
      endUs = MonoClock.nowUs();
    }
    for (AgentProgress a : agents.values()) {
      if (a.session.connected()) {
        a.session.state(AgentSession.State.IDLE);
      }
    }
    finalSummary = summary();
  }

  void markStoppedBeforeStart() {
    stopRequested = true;
    status = RunStatus.STOPPED;
    endUs = MonoClock.nowUs();
    finalSummary = summary();
  }

  /** The summary so far (live while running; final once ended). */
  public Summary summary() {
    if (finalSummary != null) {
      return finalSummary;
    }
    Summary merged =
        SummaryCalculator.summarize(
            id, status.wire(), stageNames, modelNames, aggregate, plan.cost());
    if (plan.load().shape() instanceof Sweep sweep) {
      merged = merged.withSweep(SweepKnee.find(sweep, merged));
    }
    if (plan.load().shape() instanceof io.broadside.common.plan.Rounds rounds) {
      merged =
          merged.withRounds(io.broadside.common.summary.RoundsComparison.compare(rounds, merged));
    }
    if (plan.load().shape() instanceof Saturate search && search.bisect() == null) {
      merged = merged.withSaturation(SaturationCheck.evaluate(search, merged, firstErrors));
    }
    if (plan.load().shape() instanceof Saturate search && search.bisect() != null) {
      List<Summary.SearchStep> steps = summarizedSteps(merged);
      Summary.Saturation found =
          io.broadside.common.summary.BisectSearch.finding(
              search.bisect(), steps, searchBroken, firstErrors);
      merged =
          reachedSteps(merged)
              .withSaturation(found)
              .withSearch(
                  io.broadside.common.summary.BisectSearch.search(
                      search.bisect(), steps, found.verdict()));
    }
    if (plan.load().shape() instanceof io.broadside.common.plan.Capacity capacity) {
      merged =
          reachedSteps(merged)
              .withSearch(
                  io.broadside.common.summary.CapacitySearch.search(
                      capacity, summarizedSteps(merged), modelNames));
    }
    if (plan.load().shape() instanceof io.broadside.common.plan.Scale scale) {
      merged = merged.withScale(scaleStudy(scale));
    }
    if (plan.load().shape() instanceof io.broadside.common.plan.Feedback feedback) {
      merged =
          reachedSteps(merged)
              .withSearch(
                  io.broadside.common.summary.FeedbackControl.search(
                      feedback, summarizedSteps(merged), searchOver));
    }
    if (agents.isEmpty()) {
      return merged;
    }
    List<Summary.AgentHealth> health = new ArrayList<>();
    boolean saturated = false;
    for (AgentProgress a : agents.values()) {
      health.add(
          new Summary.AgentHealth(
              a.session.id(), a.cpuMax, a.loopDelayMaxUs / 1000.0, a.saturatedIntervals));
      saturated |= a.saturatedIntervals > 0;
    }
    return merged.withGenerator(new Summary.Generator(saturated, health));
  }

  /** Drains the counter-log lines gathered since the last call (see {@link CounterLog}). */
  String takeCounterLog() {
    String s = counterLog.toString();
    counterLog.setLength(0);
    return s;
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
      RunAggregate merged,
      long startUs,
      long endUs) {
    Run run = new Run(id, planText, plan, null, dir, merged);
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
      RunStatus status,
      long createdUs,
      long startUs,
      long endUs,
      String error,
      Summary summary) {
    Run run = new Run(id, planText, plan, null, dir, new RunAggregate());
    run.status = status;
    run.createdUs = createdUs;
    run.startUs = startUs;
    run.endUs = endUs;
    run.error = error;
    run.finalSummary = summary;
    return run;
  }

  /** Drains the histogram log lines gathered since the last call. */
  String takeHlog() {
    String s = hlog.toString();
    hlog.setLength(0);
    return s;
  }

  /** Figures since the previous call, for a progress line. */
  public Progress progress() {
    long now = MonoClock.nowUs();
    double elapsed = startUs == 0 || now < startUs ? 0 : (now - startUs) / 1e6;
    double planned = plannedDuration().toMillis() / 1000.0;
    int users = agents.values().stream().mapToInt(a -> a.activeUsers).sum();
    return live.take(status.wire(), elapsed, Math.max(0, planned - elapsed), users, now);
  }

  /** Per agent, in order of index: what it reported, for run.json. */
  public java.util.List<AgentReport> agentReports() {
    return agents.values().stream()
        .map(
            a ->
                new AgentReport(
                    a.session.id(),
                    a.session.hello().getHost(),
                    a.session.hello().getCores(),
                    a.okRequests,
                    a.failedRequests,
                    a.startedUs))
        .toList();
  }

  /**
   * The spread of the agents' actual start times in milliseconds, or null before every agent
   * reported one.
   */
  public Double startSkewMs() {
    if (agents.isEmpty() || agents.values().stream().anyMatch(a -> a.startedUs == 0)) {
      return null;
    }
    long min = agents.values().stream().mapToLong(a -> a.startedUs).min().getAsLong();
    long max = agents.values().stream().mapToLong(a -> a.startedUs).max().getAsLong();
    return (max - min) / 1000.0;
  }

  /** One agent's part in a run. */
  public record AgentReport(
      String id, String host, int cores, long ok, long failed, long startedUs) {}

  /** Whether an agent of this run has a live control stream. */
  boolean agentConnected(String agentId) {
    AgentProgress a = agents.get(agentId);
    return a != null && a.session.connected();
  }

  /** A reconnected agent's new session replaces the old one for this run. */
  void rebind(AgentSession session) {
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
  void markLost(String agentId, String how) {
    AgentProgress a = agents.get(agentId);
    if (a != null && !a.lost) {
      a.lost = true;
      a.activeUsers = 0;
      lostAgents.add(Map.of("id", agentId, "at", java.time.Instant.now().toString(), "then", how));
    }
  }

  /** Whether any agent of the run is still in it. */
  boolean anyAgentLeft() {
    return agents.values().stream().anyMatch(a -> !a.lost);
  }

  /**
   * Rebalance: from {@code delay} from now (the next interval boundary) the surviving agents share
   * the whole load, by their cores; the lost agents' weight is 0.
   */
  void reshard(Duration delay) {
    List<Double> weights = new ArrayList<>();
    for (AgentProgress a : agents.values()) {
      weights.add(a.lost ? 0.0 : Math.max(1, a.session.hello().getCores()));
    }
    long fromUs = MonoClock.nowUs() + delay.toNanos() / 1000;
    toLiveAgents(
        a ->
            CoordinatorMessage.newBuilder()
                .setReshard(
                    io.broadside.protocol.v1.Reshard.newBuilder()
                        .setRunId(id)
                        .addAllWeights(weights)
                        .setFromUs(fromUs + a.session.clockOffsetUs()))
                .build());
  }

  /**
   * A saturation search judges the levels measured so far: when one broke a limit, every agent is
   * told to stop. Returns the reason when it stopped the run now.
   */
  String judgeSaturation() {
    if (!(plan.load().shape() instanceof Saturate)
        || status != RunStatus.RUNNING
        || stopRequested) {
      return null;
    }
    Summary.Saturation found = summary().saturation();
    if (found == null || found.failedStage() == null) {
      return null;
    }
    searchStop = "saturation found: " + found.verdict();
    requestStop(searchStop);
    return searchStop;
  }

  /**
   * An adaptive run lists the steps it reached: those judged, and the one under way; the steps it
   * never reached are left out.
   */
  private Summary reachedSteps(Summary merged) {
    int reached = searchSteps.size() + (searchOver ? 0 : 1);
    java.util.Set<String> keep = new java.util.HashSet<>();
    for (int n = 1; n <= reached; n++) {
      keep.add(io.broadside.common.plan.AdaptiveSteps.step(n));
    }
    keep.add(io.broadside.common.plan.Capacity.MIX);
    return new Summary(
        merged.run(),
        merged.status(),
        merged.stages().stream().filter(st -> keep.contains(st.name())).toList(),
        merged.generator(),
        merged.sweep(),
        merged.saturation(),
        merged.rounds(),
        merged.search(),
        merged.scale());
  }

  private Summary.Scale scaleStudy(io.broadside.common.plan.Scale scale) {
    List<io.broadside.common.summary.ScaleStudy.ModelTimes> times = new ArrayList<>();
    org.HdrHistogram.Histogram e2e = io.broadside.common.histogram.Histograms.newHistogram();
    for (io.broadside.common.plan.Model m : plan.models()) {
      Long created =
          scale.create().createdUs() != null
              ? scale.create().createdUs().get(m.name())
              : scale.create().hook() == null && startUs > 0
                  ? Long.valueOf(startUs)
                  : modelCreatedUs.get(m.name());
      times.add(
          new io.broadside.common.summary.ScaleStudy.ModelTimes(
              m.name(), created, readyUs.get(m.name()), createErrors.get(m.name())));
      var cell = aggregate.cellOrNull(io.broadside.common.plan.Scale.STAGE, m.name());
      if (cell != null && cell.histogram(io.broadside.common.metric.LatencyMetric.E2E) != null) {
        e2e.add(cell.histogram(io.broadside.common.metric.LatencyMetric.E2E));
      }
    }
    return io.broadside.common.summary.ScaleStudy.summarize(times, startUs, e2e, status.ended());
  }

  /** A scale study's model was created now (its hook started). */
  void modelCreated(String model, long atUs) {
    modelCreatedUs.put(model, atUs);
  }

  /** A scale study's creation hook for {@code model} failed. */
  void modelCreateFailed(String model, String why) {
    createErrors.put(model, why);
  }

  /** An agent saw {@code model} ready at {@code agentUs} (its clock). */
  void modelReady(String agentId, String model, long agentUs) {
    AgentProgress a = agents.get(agentId);
    if (a != null && !status.ended()) {
      readyUs.putIfAbsent(model, agentUs - a.session.clockOffsetUs());
    }
  }

  /**
   * The judged steps with their throughput as {@code merged} has it now: requests still in flight
   * when a step was judged have completed since.
   */
  private List<Summary.SearchStep> summarizedSteps(Summary merged) {
    Map<String, Summary.Stage> rows = new java.util.HashMap<>();
    merged.stages().forEach(st -> rows.put(st.name(), st));
    return searchSteps.stream()
        .map(
            step -> {
              Summary.Stage st = rows.get(step.stage());
              return st == null
                  ? step
                  : new Summary.SearchStep(
                      step.stage(),
                      step.users(),
                      step.value(),
                      st.all().throughput().requestsPerS(),
                      st.all().throughput().outputTokensPerS(),
                      step.held(),
                      step.models());
            })
        .toList();
  }

  /** The summary row of one stage so far, or null if the stage is not in the summary. */
  Summary.Stage stageRow(String stage) {
    return SummaryCalculator.summarize(
            id, status.wire(), List.of(stage), modelNames, aggregate, plan.cost())
        .stages()
        .stream()
        .findFirst()
        .orElse(null);
  }

  /**
   * An adaptive run: the coordinator chose {@code users} from timeline stage {@code index} on,
   * spread over the first {@code models} of the plan's list (0: all); with {@code jumpUs}
   * (coordinator clock, nonzero) the run jumps to that stage then.
   */
  void setLevel(int index, int users, int models, long jumpUs) {
    toLiveAgents(
        a ->
            CoordinatorMessage.newBuilder()
                .setSetLevel(
                    io.broadside.protocol.v1.SetLevel.newBuilder()
                        .setRunId(id)
                        .setStageIndex(index)
                        .setUsers(users)
                        .setModels(models)
                        .setJumpAtUs(jumpUs == 0 ? 0 : jumpUs + a.session.clockOffsetUs()))
                .build());
  }

  /** Sends each agent still in the run its message (times in its own clock). */
  private void toLiveAgents(
      java.util.function.Function<AgentProgress, CoordinatorMessage> message) {
    for (AgentProgress a : agents.values()) {
      if (!a.lost) {
        a.session.send(message.apply(a));
      }
    }
  }

  /** An adaptive run judged a step; {@code broken} lists the limits it broke (bisect). */
  void recordStep(Summary.SearchStep step, List<String> broken) {
    searchSteps.add(step);
    if (!broken.isEmpty()) {
      searchBroken.put(step.stage(), List.copyOf(broken));
    }
  }

  /**
   * An adaptive run's search is over: it found what it looked for, or ran out of steps. (A capacity
   * search goes on with its mix; the others are then stopped by {@link #endSearch}.)
   */
  void searchEnded() {
    searchOver = true;
  }

  /** A counter of one (stage, model) cell so far; 0 when the cell has none. */
  long counter(String stage, String model, String name) {
    var cell = aggregate.cellOrNull(stage, model);
    return cell == null ? 0 : cell.counter(name);
  }

  /** The steps an adaptive run judged so far. */
  List<Summary.SearchStep> searchSteps() {
    return List.copyOf(searchSteps);
  }

  /** An adaptive run's finding in words, as the summary has it now. */
  String summaryVerdict() {
    Summary now = summary();
    return now.search() == null ? "" : now.search().verdict();
  }

  /**
   * An adaptive run's search is over: every agent is told to stop, and the run completes (it found
   * what it looked for) with {@code verdict} as the reason.
   */
  void endSearch(String verdict) {
    searchOver = true;
    if (status == RunStatus.RUNNING && !stopRequested) {
      searchStop = verdict;
      requestStop(verdict);
    }
  }

  /** The end offsets (µs from the start) of a saturation search's levels, in order. */
  List<Long> levelEndsUs() {
    List<Long> ends = new ArrayList<>();
    long t = 0;
    for (io.broadside.common.plan.Stage s : plan.load().shape().timeline()) {
      t += s.duration().toNanos() / 1000;
      if (s.measured()) {
        ends.add(t);
      }
    }
    return ends;
  }

  /** Agents lost during the run: id, when, and what the run did. */
  public List<Map<String, String>> lostAgents() {
    return List.copyOf(lostAgents);
  }

  /** The users active now over every agent still in the run (as of their last snapshots). */
  public int activeUsers() {
    return agents.values().stream().filter(a -> !a.lost).mapToInt(a -> a.activeUsers).sum();
  }

  /** What has been merged so far (the coordinator's context only). */
  public RunAggregate aggregate() {
    return aggregate;
  }

  /** The sliding windows of the exact quantiles on /metrics (the coordinator's context only). */
  public RunWindows windows() {
    return windows;
  }

  /** The arrival rate the plan asks for now, over the agents still in the run. */
  public double targetRate() {
    return agents.values().stream().filter(a -> !a.lost).mapToDouble(a -> a.targetRate).sum();
  }

  /** Each agent's health as of its last snapshot, and its delivery counts. */
  public List<AgentHealthNow> agentHealth() {
    return agents.values().stream()
        .map(
            a ->
                new AgentHealthNow(
                    a.session.id(), a.cpuLast, a.loopDelayLastUs / 1e6, a.resent, a.late))
        .toList();
  }

  /** One agent's generator health now: CPU 0–1, event-loop delay in seconds, snapshot counts. */
  public record AgentHealthNow(
      String agent, double cpuRatio, double loopDelaySeconds, long resent, long late) {}
}
