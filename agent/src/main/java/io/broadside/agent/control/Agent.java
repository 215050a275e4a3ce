package io.broadside.agent.control;

import io.broadside.agent.load.LoadRun;
import io.broadside.agent.record.SnapshotBuilder;
import io.broadside.common.time.MonoClock;
import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.v1.AgentMessage;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.Heartbeat;
import io.broadside.protocol.v1.Hello;
import io.broadside.protocol.v1.Pong;
import io.broadside.protocol.v1.Prepare;
import io.broadside.protocol.v1.Ready;
import io.broadside.protocol.v1.RunEnded;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.SnapshotAck;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.logging.Logger;

/**
 * An agent: holds the control stream to its coordinator, prepares, starts and stops runs when told,
 * and streams one snapshot per interval (also when empty) on the snapshot stream, keeping each
 * until it is acknowledged. All state is confined to this verticle's context.
 */
public final class Agent extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(Agent.class.getName());
  private static final int MAX_UNACKED = 600;

  private final AgentConfig config;
  private final Promise<Void> welcomed = Promise.promise();
  private GrpcClient grpc;
  private GrpcClientRequest<AgentMessage, CoordinatorMessage> control;
  private GrpcClientRequest<Snapshot, SnapshotAck> snapshots;
  private final ArrayDeque<Snapshot> unacked = new ArrayDeque<>();
  private long epoch;
  private long sequence;
  private LoadRun run;
  private final SnapshotBuilder builder = new SnapshotBuilder();
  private long snapshotTimer = -1;
  private long runStartUs;

  public Agent(AgentConfig config) {
    this.config = config;
  }

  /** Completes when the coordinator accepted this agent's hello. */
  public Future<Void> welcomed() {
    return welcomed.future();
  }

  @Override
  public Future<?> start() {
    grpc = GrpcClient.client(vertx);
    SocketAddress address =
        SocketAddress.inetSocketAddress(config.coordinatorGrpcPort(), config.coordinatorHost());
    return grpc.request(address, AgentServiceGrpc.CONTROL_CLIENT)
        .compose(
            req -> {
              control = req;
              req.response()
                  .onSuccess(
                      resp -> {
                        resp.handler(this::onMessage);
                        resp.endHandler(
                            v -> onControlClosed("coordinator closed the control stream"));
                        resp.exceptionHandler(e -> onControlClosed(e.toString()));
                      })
                  .onFailure(e -> welcomed.tryFail(e));
              vertx.setPeriodic(1000, id -> heartbeat());
              return req.write(
                  AgentMessage.newBuilder()
                      .setHello(
                          Hello.newBuilder()
                              .setProtocolVersion(AgentServiceGrpc.PROTOCOL_VERSION)
                              .setAgentId(config.agentId())
                              .setHost(hostName())
                              .setCores(Runtime.getRuntime().availableProcessors())
                              .setMaxUsers(config.maxUsers()))
                      .build());
            })
        .compose(v -> grpc.request(address, AgentServiceGrpc.SNAPSHOTS_CLIENT))
        .onSuccess(
            req -> {
              snapshots = req;
              req.response().onSuccess(resp -> resp.handler(this::onAck));
            });
  }

  @Override
  public Future<?> stop() {
    if (run != null) {
      run.stopFiring();
    }
    return grpc == null ? Future.succeededFuture() : grpc.close();
  }

  private void onMessage(CoordinatorMessage msg) {
    switch (msg.getKindCase()) {
      case WELCOME -> {
        if (msg.getWelcome().getAccepted()) {
          epoch = msg.getWelcome().getEpoch();
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
          run.stopFiring();
        }
      }
      case PING ->
          send(
              AgentMessage.newBuilder()
                  .setPong(
                      Pong.newBuilder()
                          .setCoordinatorUs(msg.getPing().getCoordinatorUs())
                          .setAgentUs(MonoClock.nowUs()))
                  .build());
      default -> LOG.fine("ignored control message " + msg.getKindCase());
    }
  }

  private void prepare(Prepare p) {
    double[] weights = p.getWeightsList().stream().mapToDouble(Double::doubleValue).toArray();
    Path base = p.getPlanBaseDir().isEmpty() ? null : Path.of(p.getPlanBaseDir());
    LoadRun.prepare(
            vertx,
            p.getRunId(),
            p.getPlanText(),
            base,
            p.getAgentIndex(),
            weights,
            config.lanes(),
            config.sourceHost())
        .onComplete(
            ar -> {
              Ready.Builder ready = Ready.newBuilder().setRunId(p.getRunId()).setClockOffsetUs(0);
              if (ar.succeeded()) {
                run = ar.result();
                sequence = 0;
                unacked.clear();
                ready.setOk(true);
              } else {
                ready.setOk(false).setError(String.valueOf(ar.cause().getMessage()));
              }
              send(AgentMessage.newBuilder().setReady(ready).build());
            });
  }

  private void startAt(String runId, long startUs) {
    if (run == null || !run.runId().equals(runId)) {
      return;
    }
    LoadRun current = run;
    runStartUs = startUs;
    long startNanos = MonoClock.toNanoTime(startUs);
    long intervalMs = config.snapshotInterval().toMillis();
    long firstDelayMs = Math.max(1, (startNanos - System.nanoTime()) / 1_000_000 + intervalMs);
    snapshotTimer = vertx.setPeriodic(firstDelayMs, intervalMs, id -> snapshot(current, false));
    current
        .run(startNanos)
        .onComplete(
            ar -> {
              vertx.cancelTimer(snapshotTimer);
              snapshot(current, true)
                  .onComplete(
                      s ->
                          send(
                              AgentMessage.newBuilder()
                                  .setRunEnded(
                                      RunEnded.newBuilder()
                                          .setRunId(current.runId())
                                          .setLastSequence(sequence)
                                          .setStartedUs(
                                              current.firstFireNanos() == 0
                                                  ? 0
                                                  : MonoClock.toEpochUs(current.firstFireNanos()))
                                          .setFailed(ar.failed())
                                          .setError(ar.failed() ? String.valueOf(ar.cause()) : ""))
                                  .build()));
              current.close();
              if (run == current) {
                run = null;
              }
            });
  }

  private Future<Void> snapshot(LoadRun current, boolean last) {
    long endUs = MonoClock.nowUs();
    return current
        .takeInterval()
        // adding and encoding histograms is CPU work: on a worker, never on this control context
        .compose(intervals -> vertx.executeBlocking(() -> builder.build(intervals), true))
        .compose(b -> current.activeUsers().map(b::setActiveUsers))
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
              if (unacked.size() == MAX_UNACKED) {
                LOG.warning("snapshot buffer full: the oldest unacknowledged snapshot is dropped");
                unacked.pollFirst();
              }
              unacked.addLast(s);
              if (snapshots != null) {
                snapshots.write(s);
              }
              return null;
            });
  }

  private void onAck(SnapshotAck ack) {
    while (!unacked.isEmpty() && unacked.peekFirst().getSequence() <= ack.getSequence()) {
      unacked.pollFirst();
    }
  }

  private void heartbeat() {
    send(
        AgentMessage.newBuilder()
            .setHeartbeat(
                Heartbeat.newBuilder()
                    .setSentUs(MonoClock.nowUs())
                    .setRunId(run == null ? "" : run.runId()))
            .build());
  }

  private void send(AgentMessage msg) {
    if (control != null) {
      control.write(msg);
    }
  }

  private void onControlClosed(String why) {
    if (run != null) {
      LOG.warning("control stream closed mid-run, firing stopped: " + why);
      run.stopFiring();
    } else {
      LOG.info("control stream closed: " + why);
    }
  }

  /** From the environment: a DNS lookup would block the event loop. */
  private static String hostName() {
    return System.getenv().getOrDefault("HOSTNAME", "localhost");
  }
}
