package io.broadside.coordinator.agent;

import io.broadside.common.time.MonoClock;
import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.ControlMessages;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.AgentMessage;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.Hello;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.SnapshotAck;
import io.vertx.core.Vertx;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gRPC side of the coordinator: accepts agents' control streams (hello, with a clear refusal on
 * a protocol mismatch) and snapshot streams (merged, then acknowledged). Handlers run on the
 * coordinator's context.
 */
public final class AgentGateway {
  private static final Logger LOG = Logger.getLogger(AgentGateway.class.getName());
  private static final AtomicLong EPOCHS = new AtomicLong(System.currentTimeMillis());

  private final Vertx vertx;
  private final AgentRegistry registry;
  private final AgentEvents runs;

  public AgentGateway(Vertx vertx, AgentRegistry registry, AgentEvents runs) {
    this.vertx = vertx;
    this.registry = registry;
    this.runs = runs;
  }

  public void bind(GrpcServer server) {
    server.callHandler(AgentServiceGrpc.CONTROL_SERVER, this::control);
    server.callHandler(AgentServiceGrpc.SNAPSHOTS_SERVER, this::snapshots);
  }

  private void control(GrpcServerRequest<AgentMessage, CoordinatorMessage> call) {
    String[] agentId = {null};
    Consumer<CoordinatorMessage> control = call.response()::write;
    call.handler(
        msg -> {
          if (msg.hasHello()) {
            agentId[0] = hello(call, control, msg.getHello());
            return;
          }
          if (agentId[0] == null) {
            return;
          }
          String id = agentId[0];
          switch (msg.getKindCase()) {
            case HEARTBEAT -> registry.get(id).ifPresent(a -> a.heartbeat(MonoClock.nowUs()));
            case READY ->
                runs.ready(
                    id,
                    msg.getReady().getRunId(),
                    msg.getReady().getOk(),
                    msg.getReady().getError());
            case RUN_ENDED -> runs.runEnded(id, msg.getRunEnded());
            case MODEL_READY -> runs.modelReady(id, msg.getModelReady());
            case PONG ->
                registry
                    .get(id)
                    .ifPresent(
                        a ->
                            a.clockSample(
                                msg.getPong().getCoordinatorUs(),
                                msg.getPong().getAgentUs(),
                                MonoClock.nowUs()));
            default -> {}
          }
        });
    Runnable lost =
        () -> {
          AgentSession session = agentId[0] == null ? null : registry.get(agentId[0]).orElse(null);
          if (session != null && session.connected() && session.control() == control) {
            boolean busy = session.state() != AgentSession.State.IDLE;
            LOG.log(busy ? Level.WARNING : Level.INFO, "agent " + agentId[0] + " disconnected");
            session.disconnected();
            runs.agentDisconnected(agentId[0]);
          }
        };
    call.endHandler(v -> lost.run());
    call.exceptionHandler(e -> lost.run());
  }

  private String hello(
      GrpcServerRequest<AgentMessage, CoordinatorMessage> call,
      Consumer<CoordinatorMessage> control,
      Hello hello) {
    if (hello.getProtocolVersion() != AgentServiceGrpc.PROTOCOL_VERSION) {
      String reason =
          "protocol version "
              + hello.getProtocolVersion()
              + " is not supported: this coordinator speaks version "
              + AgentServiceGrpc.PROTOCOL_VERSION;
      call.response().write(ControlMessages.welcome(false, reason, 0));
      call.response().end();
      LOG.warning("refused agent " + hello.getAgentId() + ": " + reason);
      return null;
    }
    AgentSession session = new AgentSession(hello, control, MonoClock.nowUs());
    boolean returning = registry.get(hello.getAgentId()).isPresent();
    registry.add(session);
    if (returning) {
      runs.agentReconnected(session);
    }
    session.send(ControlMessages.welcome(true, null, EPOCHS.incrementAndGet()));
    LOG.info("agent " + hello.getAgentId() + " joined from " + hello.getHost());
    pingForClock(session, 8);
    keepAlive(session);
    runs.agentsChanged();
    return hello.getAgentId();
  }

  private void snapshots(GrpcServerRequest<Snapshot, SnapshotAck> call) {
    // decoding is CPU work: on a worker, in arrival order; the merge itself is on this context
    call.handler(
        s ->
            vertx
                .executeBlocking(() -> SnapshotCodec.decode(s), true)
                .compose(decoded -> runs.snapshot(s.getAgentId(), decoded))
                .onSuccess(
                    written -> {
                      // acknowledged once on disk: the agent may forget it now
                      call.response()
                          .write(ControlMessages.ack(s.getRunId(), s.getEpoch(), s.getSequence()));
                    })
                .onFailure(
                    e -> LOG.warning("undecodable snapshot from " + s.getAgentId() + ": " + e)));
    call.endHandler(v -> call.response().end());
  }

  /** Sends {@code n} pings 20 ms apart; the pongs give the agent's clock offset. */
  private void pingForClock(AgentSession session, int n) {
    if (n == 0 || registry.get(session.id()).orElse(null) != session) {
      return;
    }
    session.send(ControlMessages.ping(MonoClock.nowUs()));
    vertx.setTimer(20, t -> pingForClock(session, n - 1));
  }

  /**
   * Pings the agent every second while its stream is up: the agent's lease stays alive and the
   * clock offset keeps its best sample.
   */
  private void keepAlive(AgentSession session) {
    vertx.setPeriodic(
        1000,
        timer -> {
          if (!session.connected()) {
            vertx.cancelTimer(timer);
            return;
          }
          session.send(ControlMessages.ping(MonoClock.nowUs()));
        });
  }
}
