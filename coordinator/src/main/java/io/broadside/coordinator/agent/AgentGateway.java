package io.broadside.coordinator.agent;

import com.google.protobuf.ByteString;
import io.broadside.common.time.MonoClock;
import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.ControlMessages;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.tls.ClusterTls;
import io.broadside.protocol.v1.AgentMessage;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.FileChunk;
import io.broadside.protocol.v1.FileRequest;
import io.broadside.protocol.v1.Hello;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.SnapshotAck;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gRPC side of the coordinator: accepts agents' control streams (hello, with a clear refusal on
 * a protocol mismatch, an id already connected, or, with mutual TLS, a certificate that does not
 * admit the id) and snapshot streams (merged, then acknowledged). A snapshot is credited to the
 * agent whose hello came over the same connection, never to the id written in it. Handlers run on
 * the coordinator's context.
 */
public final class AgentGateway {
  private static final Logger LOG = Logger.getLogger(AgentGateway.class.getName());
  private static final AtomicLong EPOCHS = new AtomicLong(System.currentTimeMillis());

  private final Vertx vertx;
  private final AgentRegistry registry;
  private final AgentEvents runs;
  private final boolean mutualTls;

  /** The agent each connection said hello for; a snapshot stream's agent is its connection's. */
  private final Map<HttpConnection, String> byConnection = new IdentityHashMap<>();

  private long unattributed;

  /** The most bytes of a plan file in one message. */
  static final int FILE_CHUNK = 256 * 1024;

  /**
   * @param mutualTls whether the link is mutual TLS: an agent's certificate must then admit the id
   *     it says hello with
   */
  public AgentGateway(Vertx vertx, AgentRegistry registry, AgentEvents runs, boolean mutualTls) {
    this.vertx = vertx;
    this.registry = registry;
    this.runs = runs;
    this.mutualTls = mutualTls;
  }

  public void bind(GrpcServer server) {
    server.callHandler(AgentServiceGrpc.CONTROL_SERVER, this::control);
    server.callHandler(AgentServiceGrpc.SNAPSHOTS_SERVER, this::snapshots);
    server.callHandler(AgentServiceGrpc.FILES_SERVER, this::files);
  }

  /**
   * Streams a file of a run's plan to an agent of that run, in chunks, as fast as the agent takes
   * them: asked by hash, on a connection that said hello; anything else is NOT_FOUND.
   */
  private void files(GrpcServerRequest<FileRequest, FileChunk> call) {
    HttpConnection connection = call.connection();
    call.handler(
        req -> {
          String agent = byConnection.get(connection);
          java.nio.file.Path file =
              agent == null ? null : runs.planFile(agent, req.getRunId(), req.getSha256());
          if (file == null) {
            call.response().status(GrpcStatus.NOT_FOUND).end();
            return;
          }
          GrpcServerResponse<FileRequest, FileChunk> response = call.response();
          vertx
              .fileSystem()
              .open(file.toString(), new OpenOptions().setRead(true).setWrite(false))
              .onFailure(
                  e -> {
                    LOG.warning("a plan file of run " + req.getRunId() + " cannot be read: " + e);
                    response.status(GrpcStatus.UNAVAILABLE).end();
                  })
              .onSuccess(
                  in -> {
                    in.setReadBufferSize(FILE_CHUNK);
                    long[] offset = {0};
                    in.handler(
                        buf -> {
                          response.write(
                              FileChunk.newBuilder()
                                  .setOffset(offset[0])
                                  .setData(ByteString.copyFrom(buf.getBytes()))
                                  .build());
                          offset[0] += buf.length();
                          if (response.writeQueueFull()) {
                            in.pause();
                            response.drainHandler(v -> in.resume());
                          }
                        });
                    in.endHandler(
                        v -> {
                          in.close();
                          response.end();
                        });
                    in.exceptionHandler(
                        e -> {
                          in.close();
                          response.status(GrpcStatus.UNAVAILABLE).end();
                        });
                    response.exceptionHandler(e -> in.close());
                  });
        });
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
          if (agentId[0] != null && agentId[0].equals(byConnection.get(call.connection()))) {
            byConnection.remove(call.connection());
          }
          AgentSession session = agentId[0] == null ? null : registry.get(agentId[0]).orElse(null);
          if (session != null && session.connected() && session.control() == control) {
            boolean busy = session.state() != AgentSession.State.IDLE;
            LOG.log(busy ? Level.WARNING : Level.INFO, "agent " + agentId[0] + " disconnected");
            session.disconnected();
            if (!busy) {
              // no run waits for it: it leaves the registry now (back as a new session if it
              // comes again); a busy one stays for its run's lease
              registry.remove(agentId[0]);
            }
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
      return refuse(call, hello, reason);
    }
    if (mutualTls) {
      ClusterTls.Identity peer = ClusterTls.peer(call.connection()).orElse(null);
      if (peer == null || !peer.admitsAgent(hello.getAgentId())) {
        return refuse(
            call,
            hello,
            peer == null
                ? "no client certificate"
                : "its certificate ("
                    + peer.role()
                    + " "
                    + peer.name()
                    + ") does not admit the agent id "
                    + hello.getAgentId());
      }
    }
    AgentSession existing = registry.get(hello.getAgentId()).orElse(null);
    if (existing != null && existing.connected()) {
      // the connected agent keeps its session; a true reconnect follows its stream's end
      return refuse(call, hello, "an agent with the id " + hello.getAgentId() + " is connected");
    }
    if (byConnection.containsKey(call.connection())) {
      return refuse(call, hello, "this connection has said hello already");
    }
    AgentSession session = new AgentSession(hello, control, MonoClock.nowUs());
    boolean returning = existing != null;
    byConnection.put(call.connection(), hello.getAgentId());
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

  private String refuse(
      GrpcServerRequest<AgentMessage, CoordinatorMessage> call, Hello hello, String reason) {
    call.response().write(ControlMessages.welcome(false, reason, 0));
    call.response().end();
    LOG.warning("refused agent " + hello.getAgentId() + ": " + reason);
    return null;
  }

  private void snapshots(GrpcServerRequest<Snapshot, SnapshotAck> call) {
    HttpConnection connection = call.connection();
    // decoding is CPU work: on a worker, in arrival order; the merge itself is on this context
    call.handler(
        s -> {
          String agent = byConnection.get(connection);
          if (agent == null) {
            // no hello on this connection: whoever it is, nothing of it is merged
            if (unattributed++ % 1000 == 0) {
              LOG.warning(
                  "snapshots on a connection that said no hello are dropped ("
                      + unattributed
                      + ")");
            }
            return;
          }
          vertx
              .executeBlocking(() -> SnapshotCodec.decode(s), true)
              .compose(decoded -> runs.snapshot(agent, decoded))
              .onSuccess(
                  written -> {
                    // acknowledged once on disk: the agent may forget it now
                    call.response()
                        .write(ControlMessages.ack(s.getRunId(), s.getEpoch(), s.getSequence()));
                  })
              .onFailure(e -> LOG.warning("snapshot from " + agent + " not merged: " + e));
        });
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
