package io.broadside.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.v1.AgentMessage;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.Hello;
import io.broadside.protocol.v1.Ready;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.SnapshotAck;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An agent played by the test over the real gRPC contract: it says what the test tells it and
 * records what the coordinator answers. Methods block the test thread, never an event loop.
 */
final class ScriptedAgent {
  private final BlockingQueue<CoordinatorMessage> inbox = new LinkedBlockingQueue<>();
  private final BlockingQueue<SnapshotAck> acks = new LinkedBlockingQueue<>();
  private final HttpClient http;
  private final GrpcClient grpc;
  private final SocketAddress address;
  private final GrpcClientRequest<AgentMessage, CoordinatorMessage> control;
  private GrpcClientRequest<Snapshot, SnapshotAck> snapshots;

  ScriptedAgent(Vertx vertx, int grpcPort) {
    http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    grpc = GrpcClient.client(vertx, http);
    address = SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1");
    control = grpc.request(address, AgentServiceGrpc.CONTROL_CLIENT).await();
    control.response().onSuccess(r -> r.handler(inbox::add));
  }

  /** Says hello and returns the coordinator's answer. */
  CoordinatorMessage hello(String id, int version) throws InterruptedException {
    return hello(id, version, 0);
  }

  /**
   * Says hello as an agent of {@code maxUsers} users at most (0: not said) and returns the answer.
   */
  CoordinatorMessage hello(String id, int version, int maxUsers) throws InterruptedException {
    control
        .write(
            AgentMessage.newBuilder()
                .setHello(
                    Hello.newBuilder()
                        .setProtocolVersion(version)
                        .setAgentId(id)
                        .setHost("test")
                        .setCores(1)
                        .setMaxUsers(maxUsers))
                .build())
        .await();
    return next();
  }

  /**
   * Takes the run's prepare, says it is ready, and returns the start time the coordinator then sets
   * (epoch µs).
   */
  long prepareAndStart(String runId) throws InterruptedException {
    next(); // prepare
    ready(runId);
    return next().getStartAt().getStartUs();
  }

  void ready(String runId) {
    control.write(
        AgentMessage.newBuilder().setReady(Ready.newBuilder().setRunId(runId).setOk(true)).build());
  }

  void send(AgentMessage message) {
    control.write(message);
  }

  /** Sends snapshots in this order on the snapshot stream (opened on first use). */
  void snapshots(Snapshot... sent) {
    if (snapshots == null) {
      snapshots = grpc.request(address, AgentServiceGrpc.SNAPSHOTS_CLIENT).await();
      snapshots.response().onSuccess(r -> r.handler(acks::add));
    }
    for (Snapshot s : sent) {
      snapshots.write(s);
    }
  }

  /**
   * A file of a run's plan by hash, over this agent's connection: its text, or the status the
   * coordinator ended the call with.
   */
  Object fetch(String runId, String sha256) {
    return fetch(grpc, address, runId, sha256);
  }

  /** As above, over any gRPC client (one whose connection said no hello, say). */
  static Object fetch(GrpcClient grpc, SocketAddress address, String runId, String sha256) {
    return grpc.request(address, AgentServiceGrpc.FILES_CLIENT)
        .compose(
            req -> {
              req.end(
                  io.broadside.protocol.v1.FileRequest.newBuilder()
                      .setRunId(runId)
                      .setSha256(sha256)
                      .build());
              return req.response();
            })
        .compose(
            resp -> {
              // the handler is set on the response's own context, before any message is read
              StringBuilder out = new StringBuilder();
              resp.handler(c -> out.append(c.getData().toStringUtf8()));
              return resp.end()
                  .<Object>map(v -> out.toString())
                  .otherwise(
                      e ->
                          resp.status() == io.vertx.grpc.common.GrpcStatus.OK
                              ? out.toString()
                              : resp.status());
            })
        .await();
  }

  /** Waits for {@code n} acknowledgements. */
  void awaitAcks(int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      assertThat(acks.poll(10, TimeUnit.SECONDS)).as("acknowledgement %d", i + 1).isNotNull();
    }
  }

  /** The next message that is not a ping (pings keep the agent's lease and clock). */
  CoordinatorMessage next() throws InterruptedException {
    while (true) {
      CoordinatorMessage m = inbox.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message from the coordinator").isNotNull();
      if (!m.hasPing()) {
        return m;
      }
    }
  }

  /** Closes the agent's streams at once (a client's default grace would wait them out). */
  void close() {
    closing().await();
  }

  /** As {@link #close}, without waiting. */
  io.vertx.core.Future<Void> closing() {
    return http.shutdown(100, TimeUnit.MILLISECONDS);
  }
}
