package io.broadside.coordinator.runs;

import io.broadside.common.plan.PlanFiles;
import io.broadside.common.plan.Problem;
import io.broadside.common.time.Scheduler;
import io.broadside.coordinator.access.Destinations;
import io.broadside.coordinator.agent.AgentEvents;
import io.broadside.coordinator.agent.AgentRegistry;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.coordinator.promql.PromQuery;
import io.broadside.coordinator.result.ResultWriter;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunStatus;
import io.broadside.coordinator.run.StudyContext;
import io.broadside.coordinator.run.Workers;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.ModelReady;
import io.broadside.protocol.v1.RunEnded;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The coordinator's runs: accepts plans ({@link Submissions}), schedules runs onto idle agents (one
 * run per agent at a time, in order of submission), starts each run and its study, drives each
 * run's state machine from agents' messages, ends it and writes its results. What happens when an
 * agent goes away is the {@link AgentLossPolicy}'s; the runs known are the {@link RunHistory}'s.
 * Every method runs on the coordinator's context.
 */
public final class RunManager implements AgentEvents {
  private static final Logger LOG = Logger.getLogger(RunManager.class.getName());

  private final Vertx vertx;
  private final Context context;
  private final RunSettings settings;
  private final AgentRegistry registry;
  private final Scheduler time;
  private final ResultWriter results;
  private final RunHistory history;
  private final Submissions submissions;
  private final AgentLossPolicy lossPolicy;
  private PromQuery prom;

  public RunManager(Vertx vertx, Context context, RunSettings settings, AgentRegistry registry) {
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
    this.registry = registry;
    this.time = new ContextScheduler(vertx);
    this.results = new ResultWriter(vertx);
    this.history = new RunHistory(vertx);
    this.submissions = new Submissions(vertx, settings, time, results);
    this.lossPolicy =
        new AgentLossPolicy(
            time,
            settings.agentLease(),
            settings.snapshotInterval(),
            history::values,
            this::finish,
            this::maybeFinish);
    context.runOnContext(v -> tickLater());
  }

  private final LiveEvents live = new LiveEvents();

  /** Each snapshot interval, every run that waits, prepares or runs tells its live events. */
  private void tickLater() {
    time.after(
        Math.max(50, settings.snapshotInterval().toMillis()),
        () -> {
          for (Run run : history.values()) {
            if (!run.status().ended()) {
              guarded(run, () -> live.tick(run));
            }
          }
          tickLater();
        });
  }

  /** The outcome of a submission: a run, or every problem of the plan. */
  /**
   * A submission's outcome: the pending run, or the plan's problems; {@code forbidden} when the
   * plan was valid but its submitter may not launch it (a plan with hooks from a non-admin); {@code
   * busy} when this coordinator holds as many runs as it takes (try again once one ends).
   */
  public record Submission(Run run, List<Problem> problems, boolean forbidden, boolean busy) {
    public Submission(Run run, List<Problem> problems) {
      this(run, problems, false, false);
    }

    public Submission(Run run, List<Problem> problems, boolean forbidden) {
      this(run, problems, forbidden, false);
    }
  }

  /** Submissions being validated now: they count against the queue until they are runs. */
  private int submitting;

  /**
   * Validates the plan (on a worker thread: the dataset file is checked), then creates a pending
   * run and its directory. Nothing starts when the plan has problems.
   *
   * @param baseDir the plan file's folder, which the files it names must lie in; null: it may name
   *     no file
   */
  public Future<Submission> submit(String planText, Path baseDir) {
    return submit(
        planText,
        baseDir == null
            ? PlanFiles.none("a plan without a folder may not: give it its folder")
            : PlanFiles.besidePlan(baseDir),
        true);
  }

  /** Where plan archives are kept while they arrive (inside the data folder, no run's). */
  public Path incomingDir() {
    return settings.dataDir().resolve(Submissions.INCOMING);
  }

  /** The most bytes a plan archive may have (as sent) and unpack to. */
  public long maxBundleBytes() {
    return settings.caps().bundle().maxBytes();
  }

  /** Where plans may send load, ask Prometheus and upload results. */
  public Destinations destinations() {
    return settings.destinations();
  }

  /**
   * A plan sent over the REST API: its files lie in the plan root ({@link
   * RunSettings#apiPlanFiles}).
   */
  public Future<Submission> submitFromApi(String planText, boolean mayRunHooks) {
    return submit(planText, settings.apiPlanFiles(), mayRunHooks);
  }

  /**
   * Submits a plan for a submitter who may ({@code mayRunHooks}) or may not launch plans that run
   * commands on this host; either way only if the coordinator allows hooks at all.
   */
  public Future<Submission> submit(String planText, PlanFiles files, boolean mayRunHooks) {
    return admit(() -> submissions.submit(planText, files, mayRunHooks));
  }

  /**
   * A plan sent with its files as a zip archive ({@link io.broadside.common.plan.PlanBundle}), kept
   * in {@code zip} until unpacked into the run's directory; the archive file is deleted either way.
   */
  public Future<Submission> submitBundle(Path zip, boolean mayRunHooks) {
    return admit(() -> submissions.submitBundle(zip, mayRunHooks));
  }

  /**
   * Every problem of a plan, as a submission would find it, without running it: {@code zip} an
   * archive with its files (deleted after), or null for {@code planText} with the plan root's.
   */
  public Future<Validation> validate(String planText, Path zip) {
    return submissions.validate(planText, zip);
  }

  /** What a check of a plan found: its problems (none: valid) and its warnings. */
  public record Validation(List<Problem> problems, List<Problem> warnings) {}

  private Future<Submission> admit(java.util.function.Supplier<Future<Submission>> submit) {
    int queued =
        submitting + (int) history.values().stream().filter(r -> !r.status().ended()).count();
    int cap = settings.caps().maxQueuedRuns();
    if (queued >= cap) {
      return Future.succeededFuture(
          new Submission(
              null,
              List.of(
                  new Problem(
                      "$",
                      "this coordinator holds "
                          + cap
                          + " runs waiting or going, its limit: submit again once one ends")),
              false,
              true));
    }
    submitting++;
    return submit
        .get()
        .andThen(ar -> submitting--)
        .map(
            s -> {
              if (s.run() != null) {
                history.add(s.run());
                schedule();
              }
              return s;
            });
  }

  public Optional<Run> get(String id) {
    return history.get(id);
  }

  public Collection<Run> all() {
    return history.all();
  }

  /** Stops a run: pending ones at once, others by telling their agents; results are kept. */
  public boolean stop(String id) {
    Run run = history.get(id).orElse(null);
    if (run == null || run.status().ended()) {
      return false;
    }
    if (run.status() == RunStatus.PENDING) {
      run.markStoppedBeforeStart();
      finish(run);
    } else if (run.status() == RunStatus.PREPARING) {
      run.stopWhilePreparing("stopped by request before it started");
      finish(run);
    } else {
      run.requestStop("stopped by request");
    }
    return true;
  }

  /** Completes when the run has ended and its files are written. */
  public Future<Run> ended(Run run) {
    Promise<Run> p = Promise.promise();
    context.runOnContext(
        v -> {
          if (results.written(run)) {
            p.complete(run);
          } else {
            run.onEnded(p::complete);
          }
        });
    return p.future();
  }

  /** Starts pending runs on idle agents: today a run takes every idle agent. */
  public void schedule() {
    for (Run run : history.values()) {
      if (run.status() != RunStatus.PENDING) {
        continue;
      }
      List<AgentSession> idle = registry.idle();
      if (idle.isEmpty()) {
        return;
      }
      LOG.info("run " + run.id() + " preparing on " + idle.size() + " agent(s)");
      run.prepare(idle, settings.snapshotInterval(), settings.metricsWindow());
      if (run.status() == RunStatus.FAILED) {
        // the agents cannot hold it: they were never told, and stay free
        LOG.warning("run " + run.id() + ": " + run.error());
        finish(run);
      }
    }
  }

  @Override
  public java.nio.file.Path planFile(String agentId, String runId, String sha256) {
    Run run = history.get(runId).orElse(null);
    return run == null ? null : run.planFile(agentId, sha256);
  }

  @Override
  public void agentsChanged() {
    schedule();
  }

  @Override
  public void ready(String agentId, String runId, boolean ok, String problem) {
    Run run = history.get(runId).orElse(null);
    if (run == null) {
      return;
    }
    guarded(run, () -> ready(run, agentId, ok, problem));
  }

  private void ready(Run run, String agentId, boolean ok, String problem) {
    boolean wasPreparing = run.status() == RunStatus.PREPARING;
    if (run.ready(agentId, ok, problem)) {
      start(run);
    } else if (!ok) {
      // an agent that could not prepare holds no run: it is free at once (the others are once
      // they say they stopped), or no later run would find it idle
      registry
          .get(agentId)
          .filter(AgentSession::connected)
          .ifPresent(a -> a.state(AgentSession.State.IDLE));
      if (wasPreparing && run.status() == RunStatus.FAILED) {
        finish(run);
      }
      schedule();
    }
  }

  /** Every agent is ready: the run starts, with a deadline, and so does its study. */
  private void start(Run run) {
    run.start(settings.startDelay());
    long deadlineMs =
        settings.startDelay().toMillis()
            + run.plannedDuration().toMillis()
            // requests in flight at the end finish, time out or are cut at the graceful stop
            + Math.min(
                run.plan().target().timeout().toMillis(),
                run.plan().load().gracefulStop().toMillis())
            + settings.finalFlushGrace().toMillis();
    time.after(deadlineMs, () -> guarded(run, () -> graceExpired(run)));
    // a study's timers run guarded too: an exception in one fails the run, never hangs it
    Scheduler studyTime =
        new Scheduler() {
          @Override
          public long nowUs() {
            return time.nowUs();
          }

          @Override
          public void after(long delayMs, Runnable task) {
            time.after(delayMs, () -> guarded(run, task));
          }
        };
    run.study()
        .start(
            new StudyContext(
                run,
                studyTime,
                settings.snapshotInterval(),
                settings.startDelay(),
                (prometheus, query, at) -> prom().value(prometheus, query, at),
                Workers.of(vertx),
                why -> {
                  LOG.warning("run " + run.id() + ": " + why);
                  run.fail(why);
                  finish(run);
                }));
  }

  private PromQuery prom() {
    if (prom == null) {
      prom = new PromQuery(vertx);
    }
    return prom;
  }

  /**
   * Merges a snapshot; completes once what it added is written to the run directory and synced to
   * the disk, so an acknowledged snapshot survives a coordinator stop or a power loss.
   */
  @Override
  public Future<Void> snapshot(String agentId, SnapshotCodec.Decoded decoded) {
    Run run = history.get(decoded.snapshot().getRunId()).orElse(null);
    if (run == null) {
      return Future.succeededFuture();
    }
    try {
      if (!run.snapshot(agentId, decoded)) {
        return Future.succeededFuture();
      }
      // acknowledged once on the disk: appended, then synced (shared with the other snapshots
      // merged meanwhile)
      Future<Void> written =
          Future.all(
                  results.appendHlog(run, run.takeHlog()),
                  results.appendCounters(run, run.takeCounterLog()))
              .compose(v -> results.synced(run));
      written.onFailure(e -> cannotWrite(run, e));
      maybeFinish(run);
      return written;
    } catch (RuntimeException e) {
      failed(run, e);
      return Future.failedFuture(e);
    }
  }

  /**
   * The run's results cannot be written (a full disk, a read-only folder): the run fails saying so
   * and stops its agents; what was acknowledged before is on disk, and the coordinator goes on
   * serving. Snapshots not written are not acknowledged, so their agents keep them in their own
   * logs.
   */
  private void cannotWrite(Run run, Throwable e) {
    if (run.status().ended()) {
      return;
    }
    String why = e.getMessage() == null ? e.toString() : e.getMessage();
    LOG.severe("run " + run.id() + ": its results cannot be written: " + why);
    run.fail(
        "the run's results cannot be written to the coordinator's data folder ("
            + why
            + "); what was acknowledged before is kept");
    finish(run);
  }

  /**
   * Runs one of {@code run}'s handlers: an exception fails the run with its message (in run.json
   * and REST) and writes its results, never leaving it running.
   */
  private void guarded(Run run, Runnable handler) {
    try {
      handler.run();
    } catch (RuntimeException e) {
      failed(run, e);
    }
  }

  private void failed(Run run, RuntimeException e) {
    LOG.log(java.util.logging.Level.SEVERE, "run " + run.id() + ": " + e, e);
    run.internalError(e);
    finish(run);
  }

  @Override
  public void modelReady(String agentId, ModelReady ready) {
    history
        .get(ready.getRunId())
        .ifPresent(
            run ->
                guarded(run, () -> run.modelReady(agentId, ready.getModel(), ready.getReadyUs())));
  }

  @Override
  public void runEnded(String agentId, RunEnded ended) {
    Run run = history.get(ended.getRunId()).orElse(null);
    if (run == null) {
      return;
    }
    guarded(run, () -> runEnded(run, agentId, ended));
  }

  private void runEnded(Run run, String agentId, RunEnded ended) {
    run.runEnded(agentId, ended);
    if (run.status().ended()) {
      // the run ended without this agent (it failed or was stopped): the agent is free once it
      // says it stopped firing
      registry
          .get(agentId)
          .filter(AgentSession::connected)
          .ifPresent(a -> a.state(AgentSession.State.IDLE));
      schedule();
      return;
    }
    if (run.allEnded() && !run.allFlushed()) {
      time.after(
          settings.finalFlushGrace().toMillis(), () -> guarded(run, () -> graceExpired(run)));
    }
    maybeFinish(run);
  }

  @Override
  public void agentDisconnected(String agentId) {
    lossPolicy.disconnected(agentId);
  }

  @Override
  public void agentReconnected(AgentSession session) {
    lossPolicy.reconnected(session);
  }

  private void maybeFinish(Run run) {
    if (!run.status().ended() && run.allFlushed()) {
      run.end();
      finish(run);
    }
  }

  private void graceExpired(Run run) {
    if (!run.status().ended()) {
      LOG.warning("run " + run.id() + ": final snapshots missing after the grace period");
      run.countGraceTimeout();
      run.end();
      finish(run);
    }
  }

  /** Writes the ended run's results once, then tells who waits for it. */
  private void finish(Run run) {
    if (!run.startFinishing()) {
      return;
    }
    results
        .finish(run, run.takeHlog(), run.takeCounterLog())
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.severe("run " + run.id() + ": results not written: " + ar.cause());
              }
              live.ended(run);
              run.takeEndListeners().forEach(l -> l.accept(run));
              // once off /metrics, the run lets its histograms and its summary go
              time.after(
                  Math.max(1, settings.metricsRetention().toMillis()),
                  () -> guarded(run, () -> compact(run)));
              forgetGoneAgents();
              schedule();
            });
  }

  /** An ended run whose files are written keeps only its facts; its summary stays on disk. */
  private static void compact(Run run) {
    run.compact(() -> RunRecovery.readSummary(run.dir()));
  }

  /** Agents that went away during a run, now that no run waits for them, leave the registry. */
  private void forgetGoneAgents() {
    for (AgentSession a : registry.all()) {
      if (!a.connected()
          && history.values().stream().noneMatch(r -> !r.status().ended() && r.involves(a.id()))) {
        registry.remove(a.id());
      }
    }
  }

  /** Takes the runs that ended before this coordinator started: the run history, as it was. */
  public void adoptEnded(List<Run> ended) {
    ended.forEach(history::add);
    ended.forEach(live::ended);
  }

  /**
   * Removes an ended run and its directory; fails with {@link IllegalStateException} while it is
   * still going, and completes with false when there is no such run.
   */
  public Future<Boolean> delete(String id) {
    return history.delete(id);
  }

  /**
   * Takes runs read back from the data folder after a restart (interrupted ones): their results
   * files are rewritten with status {@code interrupted}, and they are listed like any run.
   */
  public void adopt(List<Run> recovered) {
    for (Run run : recovered) {
      history.add(run);
      results
          .finish(run, "", "")
          .onSuccess(
              v -> {
                live.ended(run);
                compact(run);
              });
      LOG.warning(
          "run " + run.id() + " was interrupted by a coordinator stop; its results are kept");
    }
  }
}
