package io.broadside.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.ControlMessages;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent whose snapshot stream broke while its control stream stayed up opens it again and
 * resends what was not acknowledged, against a coordinator played by the test over real gRPC: its
 * first snapshot stream acknowledges one snapshot and then fails.
 */
@ExtendWith(NoBlockedEventLoops.class)
class CoordinatorLinkTest {
  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aBrokenSnapshotStreamIsOpenedAgainAndWhatWasNotAcknowledgedIsResent() throws Exception {
    AtomicInteger streams = new AtomicInteger();
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    List<Long> received = new CopyOnWriteArrayList<>();
    GrpcServer grpc = GrpcServer.server(vertx);
    grpc.callHandler(
        AgentServiceGrpc.CONTROL_SERVER,
        call -> call.handler(m -> {})); // the control stream stays up, silent
    grpc.callHandler(
        AgentServiceGrpc.SNAPSHOTS_SERVER,
        call -> {
          int stream = streams.incrementAndGet();
          call.handler(
              s -> {
                received.add(s.getSequence());
                if (stream == 1 && s.getSequence() > 1) {
                  // the first stream breaks on its second snapshot, unacknowledged
                  call.response().status(GrpcStatus.UNAVAILABLE).end();
                  return;
                }
                acked.add(s.getSequence());
                call.response().write(ControlMessages.ack(s.getRunId(), 0, s.getSequence()));
              });
        });
    HttpServer server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
            .requestHandler(grpc)
            .listen(0)
            .await();
    Context context = vertx.getOrCreateContext();
    CoordinatorLink[] link = new CoordinatorLink[1];
    context.runOnContext(
        v -> {
          link[0] =
              new CoordinatorLink(
                  vertx,
                  AgentConfig.local(server.actualPort(), dir),
                  ControlMessages.helloOf("a1", "test", 1, 0),
                  m -> {});
          link[0].connect().onSuccess(x -> link[0].sendSnapshot(snapshot(1)));
        });
    awaitTrue(() -> acked.contains(1L));
    context.runOnContext(
        v -> {
          link[0].sendSnapshot(snapshot(2));
          link[0].sendSnapshot(snapshot(3));
        });

    awaitTrue(() -> acked.containsAll(List.of(1L, 2L, 3L)));
    assertThat(streams.get()).isEqualTo(2);
    long[] reopened = new long[1];
    context.runOnContext(v -> reopened[0] = link[0].reopenedSnapshots());
    awaitTrue(() -> reopened[0] == 1);
    // the second stream got what the first did not acknowledge, in order, and nothing twice
    assertThat(received.subList(received.indexOf(2L), received.size()))
        .startsWith(2L)
        .containsSubsequence(2L, 2L, 3L);
  }

  private static Snapshot snapshot(long seq) {
    return Snapshot.newBuilder().setRunId("r1").setAgentId("a1").setSequence(seq).build();
  }

  private interface Condition {
    boolean holds();
  }

  private static void awaitTrue(Condition c) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!c.holds() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(c.holds()).as("within 10 s").isTrue();
  }
}
