package io.broadside.agent.client.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.net.NetServer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lane's own connections against a real TCP server on loopback (HTTP/1.1 opens with a plain
 * connect): a burst of exchanges on an empty pool opens at most {@link
 * LaneConnectionPool#MAX_CONNECTING} connections at once, the rest wait and are each served (by a
 * connection opened for them or one released first), and an idle connection is reused.
 */
class LaneConnectionPoolTest {
  Vertx vertx;
  NetServer server;
  final AtomicInteger accepted = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createNetServer()
            .connectHandler(socket -> accepted.incrementAndGet())
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aBurstOpensAtMostTheCapAtOnceAndEveryExchangeGetsAConnection() throws Exception {
    int burst = LaneConnectionPool.MAX_CONNECTING * 3 + 5;
    CompletableFuture<int[]> result = new CompletableFuture<>();
    List<HttpClientConnection> got = new ArrayList<>();
    vertx.runOnContext(
        v -> {
          HttpClientAgent client = vertx.createHttpClient();
          LaneConnectionPool pool =
              new LaneConnectionPool(
                  client,
                  new HttpConnectOptions().setHost("127.0.0.1").setPort(server.actualPort()));
          List<Future<HttpClientConnection>> all = new ArrayList<>();
          for (int i = 0; i < burst; i++) {
            all.add(pool.acquire());
          }
          int connectingAfterBurst = pool.connecting();
          int waitingAfterBurst = pool.waiting();
          // the first ten served hand their connections straight back: the waiting take them
          int[] released = {0};
          for (Future<HttpClientConnection> f : all) {
            f.onSuccess(
                c -> {
                  got.add(c);
                  if (released[0] < 10) {
                    released[0]++;
                    pool.release(c);
                  }
                });
          }
          Future.all(all)
              .onComplete(
                  ar ->
                      result.complete(
                          new int[] {
                            connectingAfterBurst,
                            waitingAfterBurst,
                            ar.succeeded() ? 1 : 0,
                            pool.connecting(),
                            pool.waiting()
                          }));
        });
    int[] r = result.get(20, TimeUnit.SECONDS);
    assertThat(r[0]).as("connections being opened after the burst").isEqualTo(64);
    assertThat(r[1]).as("exchanges waiting after the burst").isEqualTo(burst - 64);
    assertThat(r[2]).as("every exchange got a connection").isEqualTo(1);
    assertThat(r[3]).isZero();
    assertThat(r[4]).isZero();
    assertThat(got).hasSize(burst);
    Map<HttpClientConnection, Integer> uses = new IdentityHashMap<>();
    got.forEach(c -> uses.merge(c, 1, Integer::sum));
    // ten exchanges were served by a connection handed back: fewer connections than exchanges
    assertThat(uses).hasSize(burst - 10);
    assertThat(acceptedSettled()).isEqualTo(burst - 10);
  }

  @Test
  void anIdleConnectionIsReused() throws Exception {
    CompletableFuture<Boolean> same = new CompletableFuture<>();
    vertx.runOnContext(
        v -> {
          LaneConnectionPool pool =
              new LaneConnectionPool(
                  vertx.createHttpClient(),
                  new HttpConnectOptions().setHost("127.0.0.1").setPort(server.actualPort()));
          pool.acquire()
              .onSuccess(
                  first -> {
                    pool.release(first);
                    pool.acquire().onSuccess(second -> same.complete(first == second));
                  });
        });
    assertThat(same.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(acceptedSettled()).isEqualTo(1);
  }

  /** The server's count once it stops changing (its accepts may trail the client's connects). */
  private int acceptedSettled() throws InterruptedException {
    int last = -1;
    for (int i = 0; i < 50 && accepted.get() != last; i++) {
      last = accepted.get();
      Thread.sleep(100);
    }
    return accepted.get();
  }
}
