package io.broadside.coordinator.run;

import io.broadside.common.plan.OnAgentLoss;
import io.broadside.common.plan.ParseResult;
import io.broadside.common.plan.PlanParser;
import io.broadside.common.plan.Problem;
import io.broadside.coordinator.CoordinatorConfig;
import io.broadside.coordinator.agent.AgentRegistry;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.coordinator.result.ResultWriter;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.RunEnded;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * Accepts plans, schedules runs onto idle agents (one run per agent at a time, in order of
 * submission) and drives each run's state machine from agents' messages. Every method runs on the
 * coordinator's context; {@link #submit} parses on a worker thread.
 */
public final class RunManager {
  private static final Logger LOG = Logger.getLogger(RunManager.class.getName());
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Vertx vertx;
  private final Context context;
  private final CoordinatorConfig config;
  private final AgentRegistry registry;
  private final ResultWriter results;
  private final Map<String, Run> runs = new LinkedHashMap<>();
  private io.broadside.coordinator.promql.PromQuery prom;

  public RunManager(
      Vertx vertx, Context context, CoordinatorConfig config, AgentRegistry registry) {
    this.vertx = vertx;
    this.context = context;
    this.config = config;
    this.registry = registry;
    this.results = new ResultWriter(vertx);
  }

  /** The outcome of a submission: a run, or every problem of the plan. */
  public record Submission(Run run, List<Problem> problems) {}

  /**
   * Validates the plan (on a worker thread: the dataset file is checked), then creates a pending
   * run and its directory. Nothing starts when the plan has problems.
   *
   * @param baseDir the folder relative dataset paths resolve against; null: the working directory
   */
  public Future<Submission> submit(String planText, Path baseDir) {
    return vertx
        .executeBlocking(() -> PlanParser.parse(planText, baseDir))
        .compose(
            (ParseResult parsed) -> {
              if (!parsed.ok()) {
                return Future.succeededFuture(new Submission(null, parsed.problems()));
              }
              String hookPath = hookPath(parsed.plan().load().shape());
              if (hookPath != null && !config.allowHooks()) {
                return Future.succeededFuture(
                    new Submission(
                        null,
                        List.of(
                            new Problem(
                                hookPath,
                                "this coordinator does not run commands: start it with"
                                    + " --allow-hooks to run plans with hooks (whoever can submit"
                                    + " a plan could otherwise run any command on its host)"))));
              }
              String id = newId();
              Run run = new Run(id, planText, parsed.plan(), baseDir, config.dataDir().resolve(id));
              return results
                  .create(run)
                  .map(
                      v -> {
                        runs.put(id, run);
                        schedule();
                        return new Submission(run, List.of());
                      });
            });
  }

  /** Where a plan names a command for the coordinator to run, or null when it names none. */
  private static String hookPath(io.broadside.common.plan.LoadShape shape) {
    if (shape instanceof io.broadside.common.plan.Scale scale && scale.create().hook() != null) {
      return "$.load.scale.create.hook";
    }
    if (shape instanceof io.broadside.common.plan.Capacity capacity && capacity.hook() != null) {
      return "$.load.capacity.memory.hook";
    }
    return null;
  }

  public Optional<Run> get(String id) {
    return Optional.ofNullable(runs.get(id));
  }

  public Collection<Run> all() {
    return new ArrayList<>(runs.values());
  }

  /** Stops a run: pending ones at once, others by telling their agents; results are kept. */
  public boolean stop(String id) {
    Run run = runs.get(id);
    if (run == null || run.status().ended()) {
      return false;
    }
    if (run.status() == RunStatus.PENDING) {
      run.markStoppedBeforeStart();
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
          } else {
            run.onEnded(p::complete);
          }
        });
    return p.future();
  }

  /** Starts pending runs on idle agents: today a run takes every idle agent. */
  public void schedule() {
    for (Run run : runs.values()) {
      if (run.status() != RunStatus.PENDING) {
        continue;
      }
      List<AgentSession> idle = registry.idle();
      if (idle.isEmpty()) {
        return;
      }
      LOG.info("run " + run.id() + " preparing on " + idle.size() + " agent(s)");
      run.prepare(idle, config.snapshotInterval(), config.metricsWindow());
    }
  }

  public void onReady(String agentId, String runId, boolean ok, String problem) {
    Run run = runs.get(runId);
    if (run == null) {
      return;
    }
    if (run.ready(agentId, ok, problem)) {
      run.start(config.startDelay());
      long deadlineMs =
          config.startDelay().toMillis()
              + run.plannedDuration().toMillis()
              + run.plan().target().timeout().toMillis()
              + config.finalFlushGrace().toMillis();
      vertx.setTimer(deadlineMs, id -> graceExpired(run));
      if (run.plan().load().shape() instanceof io.broadside.common.plan.Scale scale
          && scale.create().hook() != null) {
        HookRunner.start(vertx, run, scale.create());
      }
      if (AdaptiveDriver.drives(run.plan().load().shape())) {
        if (prom == null) {
          prom = new io.broadside.coordinator.promql.PromQuery(vertx);
        }
        AdaptiveDriver.start(
            vertx,
            run,
            config.snapshotInterval(),
            prom,
            why -> {
              LOG.warning("run " + run.id() + ": " + why);
              run.fail(why);
              finish(run);
            });
      } else if (run.plan().load().shape() instanceof io.broadside.common.plan.Saturate) {
        // judge each level once its last interval has arrived: two intervals after it ends
        long lagMs = 2 * config.snapshotInterval().toMillis();
        for (long endUs : run.levelEndsUs()) {
          vertx.setTimer(
              config.startDelay().toMillis() + endUs / 1000 + lagMs,
              id -> {
                String why = run.judgeSaturation();
                if (why != null) {
                  LOG.info("run " + run.id() + ": " + why);
                }
              });
        }
      }
    } else if (run.status() == RunStatus.FAILED) {
      finish(run);
    }
  }

  /**
   * Merges a snapshot; completes once what it added is written to the run directory, so an
   * acknowledged snapshot survives a coordinator stop.
   */
  public Future<Void> onSnapshot(String agentId, SnapshotCodec.Decoded decoded) {
    Run run = runs.get(decoded.snapshot().getRunId());
    if (run == null || !run.snapshot(agentId, decoded)) {
      return Future.succeededFuture();
    }
    Future<Void> written =
        Future.all(
                results.appendHlog(run, run.takeHlog()),
                results.appendCounters(run, run.takeCounterLog()))
            .mapEmpty();
    maybeFinish(run);
    return written;
  }

  /** A scale study: an agent saw a model ready. */
  public void onModelReady(String agentId, io.broadside.protocol.v1.ModelReady ready) {
    Run run = runs.get(ready.getRunId());
    if (run != null) {
      run.modelReady(agentId, ready.getModel(), ready.getReadyUs());
    }
  }

  public void onRunEnded(String agentId, RunEnded ended) {
    Run run = runs.get(ended.getRunId());
    if (run == null) {
      return;
    }
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
      vertx.setTimer(config.finalFlushGrace().toMillis(), id -> graceExpired(run));
    }
    maybeFinish(run);
  }

  /**
   * An agent's control stream closed. It has the lease to come back; then it counts as lost and,
   * under {@code onAgentLoss: fail}, its run fails naming it.
   */
  public void onAgentDisconnected(String agentId) {
    for (Run run : runs.values()) {
      if (!run.status().ended() && run.status() != RunStatus.PENDING && run.involves(agentId)) {
        vertx.setTimer(
            config.agentLease().toMillis(),
            t -> {
              if (!run.status().ended() && !run.agentConnected(agentId)) {
                onAgentLost(agentId);
              }
            });
      }
    }
  }

  /** An agent came back within its lease: its runs talk to the new session. */
  public void onAgentReconnected(AgentSession session) {
    for (Run run : runs.values()) {
      if (!run.status().ended() && run.involves(session.id())) {
        run.rebind(session);
        LOG.info("agent " + session.id() + " is back in run " + run.id());
      }
    }
  }

  /**
   * An agent stayed away longer than its lease: {@code onAgentLoss} decides. {@code fail}: the run
   * fails naming it; {@code continue}: the run goes on without it, marked degraded; {@code
   * rebalance}: the survivors take its share from the next interval boundary.
   */
  public void onAgentLost(String agentId) {
    for (Run run : runs.values()) {
      if (run.status().ended() || run.status() == RunStatus.PENDING || !run.involves(agentId)) {
        continue;
      }
      String when =
          "agent "
              + agentId
              + " was lost at "
              + java.time.Instant.now()
              + " (no connection for "
              + config.agentLease().toMillis()
              + " ms)";
      OnAgentLoss action = run.plan().onAgentLoss();
      if (action == OnAgentLoss.FAIL || run.status() == RunStatus.PREPARING) {
        run.fail(when);
        finish(run);
        continue;
      }
      run.markLost(agentId, action.name().toLowerCase(java.util.Locale.ROOT));
      if (!run.anyAgentLeft()) {
        run.fail(when + "; no agent left");
        finish(run);
        continue;
      }
      LOG.warning(
          when
              + "; the run goes on "
              + (action == OnAgentLoss.REBALANCE ? "rebalanced" : "degraded"));
      if (action == OnAgentLoss.REBALANCE) {
        run.reshard(config.snapshotInterval());
      }
      maybeFinish(run);
    }
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

  private void finish(Run run) {
    results
        .finish(run, run.takeHlog(), run.takeCounterLog())
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.severe("run " + run.id() + ": results not written: " + ar.cause());
              }
              List<java.util.function.Consumer<Run>> listeners =
                  new ArrayList<>(run.endListeners());
              run.endListeners().clear();
              listeners.forEach(l -> l.accept(run));
              schedule();
            });
  }

  private static String newId() {
    return LocalDateTime.now().format(ID_TIME)
        + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

  /** Takes the runs that ended before this coordinator started: the run history, as it was. */
  public void adoptEnded(List<Run> ended) {
    for (Run run : ended) {
      runs.put(run.id(), run);
    }
  }

  /**
   * Removes an ended run and its directory; fails with {@link IllegalStateException} while it is
   * still going, and completes with false when there is no such run.
   */
  public Future<Boolean> delete(String id) {
    Run run = runs.get(id);
    if (run == null) {
      return Future.succeededFuture(false);
    }
    if (!run.status().ended()) {
      return Future.failedFuture(
          new IllegalStateException(
              "run " + id + " is " + run.status().wire() + "; stop it first"));
    }
    runs.remove(id);
    return vertx.executeBlocking(
        () -> {
          if (run.dir() != null && java.nio.file.Files.exists(run.dir())) {
            try (var paths = java.nio.file.Files.walk(run.dir())) {
              for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
              }
            }
          }
          return true;
        });
  }

  /**
   * Takes runs read back from the data folder after a restart (interrupted ones): their results
   * files are rewritten with status {@code interrupted}, and they are listed like any run.
   */
  public void adopt(List<Run> recovered) {
    for (Run run : recovered) {
      runs.put(run.id(), run);
      results.finish(run, "", "");
      LOG.warning(
          "run " + run.id() + " was interrupted by a coordinator stop; its results are kept");
    }
  }
}
