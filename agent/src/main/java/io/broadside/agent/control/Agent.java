package io.broadside.agent.control;

import io.broadside.agent.load.LoadRun;
import io.broadside.agent.load.ReadySink;
import io.broadside.agent.record.SnapshotBuilder;
import io.broadside.common.cluster.RunIds;
import io.broadside.common.time.MonoClock;
import io.broadside.protocol.ControlMessages;
import io.broadside.protocol.v1.AgentMessage;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.Hello;
import io.broadside.protocol.v1.Prepare;
import io.broadside.protocol.v1.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * An agent: prepares, starts and stops runs when its coordinator says so, and sends one snapshot
 * per interval (also when empty), keeping each until acknowledged and writing it to its own log.
 *
 * <p>Dead-man switch: when it has heard nothing from the coordinator for the lease, it stops
 * firing; what it recorded is in its local log and in the snapshots it will resend once the
 * coordinator is back. All state is confined to this verticle's context, which is deployed apart
 * from the lanes' event loops (see {@link #deploymentOptions()}).
 */
public final class Agent extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(Agent.class.getName());

  /** How much of runs' plan files an agent keeps for later runs. */
  static final long PLAN_FILE_CACHE_BYTES = 4L * 1024 * 1024 * 1024;

  private final AgentConfig config;
  private final Promise<Void> welcomed = Promise.promise();
  private final SnapshotBuilder builder = new SnapshotBuilder();
  private CoordinatorLink link;
  private PlanFileCache files;
  // the run being prepared (its files fetched, its plan read), and the run's files once prepared
  private String preparing;
  private PlanFileCache.Layout runFiles;
  private long epoch;
  private long sequence;
  private LoadRun run;
  private LocalHlog localLog;
  // why this agent's share failed on its own disk, if it did
  private Exception diskFailure;

  /** The per-request log of the run under way, or null when its plan has none. */
  private LocalRequestLog requestLog;

  private long snapshotTimer = -1;
  private long runStartUs;
  private boolean deadManTripped;
  private Future<Void> lastSnapshot = Future.succeededFuture();
  private final java.util.List<Promise<Void>> idleWaiters = new java.util.ArrayList<>();

  public Agent(AgentConfig config) {
    this.config = config;
  }

  /**
   * Control runs on a worker context of its own, so a busy load event loop never delays a
   * heartbeat, an acknowledgement or a stop.
   */
  public static io.vertx.core.DeploymentOptions deploymentOptions() {
    return new io.vertx.core.DeploymentOptions()
        .setThreadingModel(io.vertx.core.ThreadingModel.WORKER);
  }

  /** Completes when the coordinator accepted this agent's first hello. */
  public Future<Void> welcomed() {
    return welcomed.future();
  }

  /** Completes once no run is in progress: it finished, or its firing stopped and drained. */
  public Future<Void> idle() {
    Promise<Void> p = Promise.promise();
    context.runOnContext(
        v -> {
          if (run == null) {
            p.complete();
          } else {
            idleWaiters.add(p);
          }
        });
    return p.future();
  }

  /** Snapshots sent again after reconnecting, since the agent started. */
  public long resentSnapshots() {
    return link.resent();
  }

  /** Where this agent's log of the current (or last) run is, or null before any run. */
  public Path localLog() {
    return localLog == null ? null : localLog.path();
  }

  @Override
  public Future<?> start() {
    Hello hello =
        ControlMessages.helloOf(
            config.agentId(),
            config.sourceHost() != null ? config.sourceHost() : hostName(),
            Runtime.getRuntime().availableProcessors(),
            config.maxUsers());
    link = new CoordinatorLink(vertx, config, hello, this::onMessage);
    files = new PlanFileCache(vertx, config.dataDir(), PLAN_FILE_CACHE_BYTES);
    vertx.setPeriodic(1000, id -> heartbeat());
    vertx.setPeriodic(Math.max(50, config.lease().toMillis() / 8), id -> checkLease());
    link.connect();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (run != null) {
      run.stopFiring();
    }
    return link.close();
  }

  private void onMessage(CoordinatorMessage msg) {
    switch (msg.getKindCase()) {
      case WELCOME -> {
        if (msg.getWelcome().getAccepted()) {
          epoch = msg.getWelcome().getEpoch();
          deadManTripped = false;
          if (run != null) {
            // back after a lost control stream: readiness told while it was down would be lost
            run.ready().seen().forEach(e -> link.send(modelReady(run.runId(), e)));
          }
          welcomed.tryComplete();
        } else {
          LOG.severe("coordinator refused this agent: " + msg.getWelcome().getReason());
          welcomed.tryFail(msg.getWelcome().getReason());
        }
      }
      case PREPARE -> prepare(msg.getPrepare());
      case START_AT -> startAt(msg.getStartAt().getRunId(), msg.getStartAt().getStartUs());
      case STOP -> {
        if (run != null && run.runId().equals(msg.getStop().getRunId())) {
          if (runStartUs == 0) {
            // prepared, never told to start (stopped while this agent prepared): it is done
            abandon(run);
          } else {
            run.stopFiring();
          }
        }
      }
      case RESHARD -> {
        if (run != null && run.runId().equals(msg.getReshard().getRunId())) {
          double[] weights =
              msg.getReshard().getWeightsList().stream().mapToDouble(Double::doubleValue).toArray();
          LOG.warning("rebalancing run " + run.runId() + ": an agent was lost");
          run.reshard(weights, MonoClock.toNanoTime(msg.getReshard().getFromUs()));
        }
      }
      case SET_LEVEL -> {
        if (run != null && run.runId().equals(msg.getSetLevel().getRunId())) {
          io.broadside.protocol.v1.SetLevel set = msg.getSetLevel();
          run.setLevel(
              set.getStageIndex(),
              set.getUsers(),
              set.getModels(),
              set.getJumpAtUs() == 0 ? 0 : MonoClock.toNanoTime(set.getJumpAtUs()));
        }
      }
      case PING ->
          link.send(ControlMessages.pong(msg.getPing().getCoordinatorUs(), MonoClock.nowUs()));
      default -> LOG.fine("ignored control message " + msg.getKindCase());
    }
  }

  private void prepare(Prepare p) {
    if (!RunIds.valid(p.getRunId())) {
      // it names this agent's log folder: never a path of the coordinator's choosing
      link.send(ready(p.getRunId(), false, "not a run id"));
      return;
    }
    if (run != null || preparing != null) {
      link.send(
          ready(
              p.getRunId(),
              false,
              "agent is busy with run " + (run != null ? run.runId() : preparing)));
      return;
    }
    double[] weights = p.getWeightsList().stream().mapToDouble(Double::doubleValue).toArray();
    preparing = p.getRunId();
    files
        .prepare(p.getRunId(), p.getFilesList(), p.getPlanBaseDir(), link::fetchFile)
        .compose(
            layout ->
                LoadRun.prepare(
                        vertx,
                        p.getRunId(),
                        p.getPlanText(),
                        layout.base(),
                        p.getAgentIndex(),
                        weights,
                        config.lanes(),
                        config.sourceHost(),
                        config.secrets(),
                        config.maxUsers())
                    .onSuccess(r -> runFiles = layout)
                    .onFailure(e -> files.release(layout)))
        .onComplete(
            ar -> {
              preparing = null;
              if (ar.succeeded()) {
                run = ar.result();
                runStartUs = 0;
                String runId = p.getRunId();
                run.ready()
                    .receiver(e -> context.runOnContext(v -> link.send(modelReady(runId, e))));
                sequence = 0;
                link.newRun();
                link.send(ready(p.getRunId(), true, ""));
              } else {
                link.send(ready(p.getRunId(), false, String.valueOf(ar.cause().getMessage())));
              }
            });
  }

  /** A run that never started: closed, told as ended with nothing sent, and this agent free. */
  private void abandon(LoadRun prepared) {
    run = null;
    prepared.close();
    files.release(runFiles);
    runFiles = null;
    link.send(ControlMessages.runEnded(prepared.runId(), 0, null, 0));
    idleWaiters.forEach(Promise::tryComplete);
    idleWaiters.clear();
  }

  private static AgentMessage modelReady(String runId, ReadySink.Event e) {
    return ControlMessages.modelReady(runId, e.model(), e.readyUs());
  }

  private static AgentMessage ready(String runId, boolean ok, String error) {
    return ControlMessages.ready(runId, ok, error);
  }

  private void startAt(String runId, long startUs) {
    if (run == null || !run.runId().equals(runId)) {
      return;
    }
    LoadRun current = run;
    runStartUs = startUs;
    diskFailure = null;
    localLog =
        LocalHlog.open(vertx, config.dataDir(), config.agentId(), runId, startUs)
            .onFailure(
                e -> {
                  // the agent keeps a log of all it measured, or it does not fire
                  diskFailure =
                      new java.io.IOException(
                          "cannot write its own log in its data folder ("
                              + (e.getMessage() == null ? e : e.getMessage())
                              + ")");
                  LOG.severe("run " + runId + ": " + diskFailure.getMessage());
                  current.stopFiring();
                });
    requestLog =
        current.plan().requestLog()
            ? LocalRequestLog.open(vertx, config.dataDir(), config.agentId(), runId)
            : null;
    long startNanos = MonoClock.toNanoTime(startUs);
    long intervalMs = config.snapshotInterval().toMillis();
    long firstDelayMs = Math.max(1, (startNanos - System.nanoTime()) / 1_000_000 + intervalMs);
    snapshotTimer = vertx.setPeriodic(firstDelayMs, intervalMs, id -> snapshot(current, false));
    current
        .run(startNanos, config.snapshotInterval().toNanos())
        .onComplete(ar -> finish(current, ar.failed() ? ar.cause() : null));
  }

  private void finish(LoadRun current, Throwable failure) {
    vertx.cancelTimer(snapshotTimer);
    LocalHlog log = localLog;
    LocalRequestLog requests = requestLog;
    snapshot(current, true)
        .onComplete(
            s -> {
              link.send(
                  ControlMessages.runEnded(
                      current.runId(),
                      sequence,
                      failure != null
                          ? String.valueOf(failure)
                          : diskFailure != null ? diskFailure.getMessage() : null,
                      current.firstFireNanos() == 0
                          ? 0
                          : MonoClock.toEpochUs(current.firstFireNanos())));
              log.close();
              if (requests != null) {
                requests.close();
              }
              current.close();
              files.release(runFiles);
              runFiles = null;
              if (run == current) {
                run = null;
                idleWaiters.forEach(Promise::tryComplete);
                idleWaiters.clear();
              }
            });
  }

  /**
   * Takes, builds and sends one snapshot after the previous one is done: a lane's interval
   * histograms are recycled at its next take, so two snapshots must never overlap.
   */
  private Future<Void> snapshot(LoadRun current, boolean last) {
    Future<Void> next = lastSnapshot.transform(ar -> takeSnapshot(current, last));
    lastSnapshot = next;
    return next;
  }

  private Future<Void> takeSnapshot(LoadRun current, boolean last) {
    long endUs = MonoClock.nowUs();
    return current
        .takeInterval()
        .map(
            intervals -> {
              if (requestLog != null) {
                StringBuilder lines = new StringBuilder();
                intervals.forEach(i -> lines.append(i.requests()));
                requestLog.append(lines.toString());
              }
              return intervals;
            })
        // adding and encoding histograms is CPU work: on a worker, in order
        .compose(intervals -> vertx.executeBlocking(() -> builder.build(intervals), true))
        .compose(b -> current.activeUsers().map(b::setActiveUsers))
        .map(b -> b.setCpuRatio(ProcessCpu.ratio()))
        .map(
            b -> {
              Snapshot s =
                  b.setRunId(current.runId())
                      .setAgentId(config.agentId())
                      .setEpoch(epoch)
                      .setSequence(++sequence)
                      .setIntervalStartUs(
                          Math.max(runStartUs, endUs - config.snapshotInterval().toMillis() * 1000))
                      .setIntervalEndUs(endUs)
                      .setFinal(last)
                      .build();
              localLog.append(s);
              link.sendSnapshot(s);
              return null;
            });
  }

  /** The dead-man switch: no word from the coordinator for the lease stops the firing. */
  private void checkLease() {
    long silentNanos = System.nanoTime() - link.lastHeardNanos();
    if (run != null && !deadManTripped && silentNanos > config.lease().toNanos()) {
      deadManTripped = true;
      LOG.severe(
          "no word from the coordinator for "
              + silentNanos / 1_000_000
              + " ms (lease "
              + config.lease().toMillis()
              + " ms): stopping run "
              + run.runId()
              + "; what was recorded is kept in "
              + (localLog == null ? "memory" : localLog.path()));
      run.stopFiring();
    }
  }

  private void heartbeat() {
    link.send(ControlMessages.heartbeat(MonoClock.nowUs(), run == null ? "" : run.runId()));
  }

  /** From the environment: a DNS lookup would block. */
  private static String hostName() {
    return System.getenv().getOrDefault("HOSTNAME", "localhost");
  }
}
