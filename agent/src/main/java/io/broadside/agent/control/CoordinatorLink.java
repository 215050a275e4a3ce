package io.broadside.agent.control;

import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.ControlMessages;
import io.broadside.protocol.tls.ClusterTls;
import io.broadside.protocol.v1.AgentMessage;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.FileChunk;
import io.broadside.protocol.v1.FileRequest;
import io.broadside.protocol.v1.Hello;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.SnapshotAck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The agent's two gRPC streams to its coordinator, kept up: when they drop, it reconnects every
 * {@link #RETRY_MS} ms, says hello again and resends every snapshot not yet acknowledged (bounded),
 * in order; the coordinator de-duplicates. Used only on the agent's context.
 */
final class CoordinatorLink {
  private static final Logger LOG = Logger.getLogger(CoordinatorLink.class.getName());
  static final long RETRY_MS = 500;
  private static final int MAX_UNACKED = 3_600;

  private final Vertx vertx;
  private final AgentConfig config;
  private final Hello hello;
  private final Consumer<CoordinatorMessage> handler;
  private final GrpcClient grpc;
  private final SocketAddress address;
  private final ArrayDeque<Snapshot> unacked = new ArrayDeque<>();
  private GrpcClientRequest<AgentMessage, CoordinatorMessage> control;
  private GrpcClientRequest<Snapshot, SnapshotAck> snapshots;
  private AgentMessage lastRunEnded;
  private long lastHeardNanos = System.nanoTime();
  private boolean connecting;
  private boolean closed;
  private long resent;
  private long reopenedSnapshots;

  CoordinatorLink(
      Vertx vertx, AgentConfig config, Hello hello, Consumer<CoordinatorMessage> handler) {
    this.vertx = vertx;
    this.config = config;
    this.hello = hello;
    this.handler = handler;
    this.grpc =
        config.tls() == null
            ? GrpcClient.client(vertx)
            : GrpcClient.client(vertx, config.tls().client());
    this.address =
        SocketAddress.inetSocketAddress(config.coordinatorGrpcPort(), config.coordinatorHost());
  }

  /**
   * Asks the coordinator for a file of run {@code runId}'s plan by its hash; {@code chunk} gets its
   * bytes in order (on this context). Fails unless the coordinator sent it all.
   */
  Future<Void> fetchFile(String runId, String sha256, Consumer<FileChunk> chunk) {
    return grpc.request(address, AgentServiceGrpc.FILES_CLIENT)
        .compose(
            req -> {
              req.end(FileRequest.newBuilder().setRunId(runId).setSha256(sha256).build());
              return req.response();
            })
        .compose(
            resp -> {
              io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
              resp.handler(chunk::accept);
              resp.exceptionHandler(done::tryFail);
              resp.endHandler(
                  v -> {
                    if (resp.status() == null || resp.status() == GrpcStatus.OK) {
                      done.tryComplete();
                    } else {
                      done.tryFail("the coordinator answered " + resp.status());
                    }
                  });
              return done.future();
            });
  }

  /** Opens both streams and says hello; on failure, keeps retrying. */
  Future<Void> connect() {
    connecting = true;
    return grpc.request(address, AgentServiceGrpc.CONTROL_CLIENT)
        .compose(
            req -> {
              if (config.tls() != null) {
                ClusterTls.Identity peer = ClusterTls.peer(req.connection()).orElse(null);
                if (peer == null || !ClusterTls.COORDINATOR.equals(peer.role())) {
                  // the cluster's authority signed it, but not as a coordinator: another agent's
                  // certificate; nothing it sends is read, nothing is sent to it
                  req.connection().close();
                  return Future.failedFuture(
                      "its certificate is not a coordinator's ("
                          + (peer == null ? "none" : peer.role() + " " + peer.name())
                          + ")");
                }
              }
              req.response()
                  .onSuccess(
                      resp -> {
                        resp.handler(this::heard);
                        resp.endHandler(
                            v -> dropped(req, "the coordinator closed the control stream"));
                        resp.exceptionHandler(e -> dropped(req, e.toString()));
                      })
                  .onFailure(e -> dropped(req, e.toString()));
              control = req;
              return req.write(ControlMessages.hello(hello));
            })
        .compose(v -> grpc.request(address, AgentServiceGrpc.SNAPSHOTS_CLIENT))
        .map(
            req -> {
              attachSnapshots(req);
              if (lastRunEnded != null) {
                control.write(lastRunEnded);
              }
              connecting = false;
              return (Void) null;
            })
        .onFailure(
            e -> {
              connecting = false;
              retryLater("cannot reach the coordinator at " + address + ": " + e.getMessage());
            });
  }

  /**
   * The snapshot stream is {@code req} from now: everything not yet acknowledged is sent on it, in
   * order, and if it breaks while the control stream stays up, it alone is opened again.
   */
  private void attachSnapshots(GrpcClientRequest<Snapshot, SnapshotAck> req) {
    req.response()
        .onSuccess(
            resp -> {
              resp.handler(this::acked);
              resp.endHandler(v -> snapshotsDropped(req, "the coordinator ended it"));
              resp.exceptionHandler(e -> snapshotsDropped(req, e.toString()));
            })
        .onFailure(e -> snapshotsDropped(req, e.toString()));
    req.exceptionHandler(e -> snapshotsDropped(req, e.toString()));
    snapshots = req;
    for (Snapshot s : unacked) {
      write(req, s);
      resent++;
    }
  }

  private void write(GrpcClientRequest<Snapshot, SnapshotAck> req, Snapshot s) {
    req.write(s).onFailure(e -> snapshotsDropped(req, e.toString()));
  }

  /**
   * The snapshot stream broke while the control stream may still be up: it is opened again after
   * {@link #RETRY_MS} and what is unacknowledged is resent (the coordinator de-duplicates). A
   * control stream that broke too reconnects both.
   */
  private void snapshotsDropped(GrpcClientRequest<Snapshot, SnapshotAck> stream, String why) {
    if (stream != snapshots) {
      return;
    }
    snapshots = null;
    reopenSnapshotsLater(why);
  }

  private void reopenSnapshotsLater(String why) {
    if (closed || control == null) {
      return;
    }
    LOG.warning("snapshot stream lost: " + why + "; opening it again");
    vertx.setTimer(
        RETRY_MS,
        t -> {
          if (closed || control == null || snapshots != null) {
            return;
          }
          grpc.request(address, AgentServiceGrpc.SNAPSHOTS_CLIENT)
              .onSuccess(
                  req -> {
                    if (control == null || snapshots != null) {
                      req.cancel();
                      return;
                    }
                    reopenedSnapshots++;
                    attachSnapshots(req);
                  })
              .onFailure(e -> reopenSnapshotsLater(e.toString()));
        });
  }

  /** How many times the snapshot stream alone was opened again. */
  long reopenedSnapshots() {
    return reopenedSnapshots;
  }

  /** Whether the control stream is up now. */
  boolean connected() {
    return control != null;
  }

  /** {@link System#nanoTime()} of the last message from the coordinator. */
  long lastHeardNanos() {
    return lastHeardNanos;
  }

  /** Snapshots sent again after a reconnect, in total. */
  long resent() {
    return resent;
  }

  /** A new run starts: what is left of older runs will not be merged anymore. */
  void newRun() {
    unacked.clear();
    lastRunEnded = null;
  }

  void send(AgentMessage message) {
    if (message.hasRunEnded()) {
      lastRunEnded = message;
    }
    if (control != null) {
      control.write(message);
    }
  }

  /** Sends a snapshot now if connected; keeps it until acknowledged either way. */
  void sendSnapshot(Snapshot snapshot) {
    if (unacked.size() == MAX_UNACKED) {
      LOG.severe("snapshot buffer full: the oldest unacknowledged snapshot is dropped");
      unacked.pollFirst();
    }
    unacked.addLast(snapshot);
    if (snapshots != null) {
      write(snapshots, snapshot);
    }
  }

  Future<Void> close() {
    closed = true;
    return grpc.close();
  }

  private void heard(CoordinatorMessage message) {
    lastHeardNanos = System.nanoTime();
    handler.accept(message);
  }

  private void acked(SnapshotAck ack) {
    lastHeardNanos = System.nanoTime();
    while (!unacked.isEmpty()
        && unacked.peekFirst().getRunId().equals(ack.getRunId())
        && unacked.peekFirst().getSequence() <= ack.getSequence()) {
      unacked.pollFirst();
    }
  }

  private void dropped(GrpcClientRequest<AgentMessage, CoordinatorMessage> stream, String why) {
    if (stream != control) {
      return;
    }
    control = null;
    snapshots = null;
    retryLater("control stream lost: " + why);
  }

  private void retryLater(String why) {
    if (closed || connecting) {
      return;
    }
    LOG.warning(why + "; reconnecting");
    connecting = true;
    vertx.setTimer(
        RETRY_MS,
        t -> {
          connecting = false;
          if (!closed && control == null) {
            connect();
          }
        });
  }
}
