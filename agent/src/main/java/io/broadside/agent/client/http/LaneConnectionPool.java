package io.broadside.agent.client.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Keep-alive HTTP connections owned by one lane, used only on its event loop. Acquiring an idle
 * connection costs nothing: no pool hop between the moment a user decides to send and the write, so
 * the client's own overhead stays out of the latency it measures.
 *
 * <p>An HTTP/1.1 connection serves one exchange at a time; an HTTP/2 connection (h2c or ALPN) (one
 * that allows more than one active stream) carries up to {@link #STREAMS_PER_CONNECTION} exchanges
 * at once before another is opened. A connection that failed, timed out or was closed by the server
 * is never reused.
 *
 * <p>At most {@link #MAX_CONNECTING} connections are being opened at once; an exchange that finds
 * none idle beyond that waits for the first connection released or opened. Without the cap, a burst
 * of arrivals on an empty pool (the start of an open-loop run, or a loop catching up) would open a
 * connection for each, and opening thousands at once starves the loop that must also read the
 * answers: the generator then measures itself. The wait counts as queue time.
 */
public final class LaneConnectionPool {
  static final int STREAMS_PER_CONNECTION = 100;

  static final int MAX_CONNECTING = 64;

  private final HttpClientAgent client;
  private final HttpConnectOptions connect;
  private final ArrayDeque<HttpClientConnection> idle = new ArrayDeque<>();
  private final Map<HttpClientConnection, Integer> shared = new IdentityHashMap<>();
  private final ArrayDeque<Promise<HttpClientConnection>> waiting = new ArrayDeque<>();
  private int connecting;

  public LaneConnectionPool(HttpClientAgent client, HttpConnectOptions connect) {
    this.client = client;
    this.connect = connect;
  }

  /** An idle (or, over HTTP/2, not yet full) connection at once, or a new one. */
  public Future<HttpClientConnection> acquire() {
    for (Map.Entry<HttpClientConnection, Integer> e : shared.entrySet()) {
      if (e.getValue() < STREAMS_PER_CONNECTION) {
        e.setValue(e.getValue() + 1);
        return Future.succeededFuture(e.getKey());
      }
    }
    HttpClientConnection c = idle.pollLast();
    if (c != null) {
      return Future.succeededFuture(c);
    }
    if (connecting >= MAX_CONNECTING) {
      Promise<HttpClientConnection> turn = Promise.promise();
      waiting.addLast(turn);
      return turn.future();
    }
    return open();
  }

  private Future<HttpClientConnection> open() {
    connecting++;
    return client.connect(connect).andThen(this::opened);
  }

  private void opened(AsyncResult<HttpClientConnection> ar) {
    connecting--;
    if (ar.succeeded()) {
      HttpClientConnection conn = ar.result();
      conn.closeHandler(
          v -> {
            idle.remove(conn);
            shared.remove(conn);
          });
      if (conn.maxActiveStreams() > 1) {
        shared.merge(conn, 1, Integer::sum);
        // the waiting share the new connection's streams
        while (!waiting.isEmpty() && shared.get(conn) < STREAMS_PER_CONNECTION) {
          shared.merge(conn, 1, Integer::sum);
          waiting.pollFirst().complete(conn);
        }
      }
    }
    // a slot to open another: the next waiting exchange gets it (or fails with it)
    if (!waiting.isEmpty() && connecting < MAX_CONNECTING) {
      open().onComplete(waiting.pollFirst());
    }
  }

  /** Connections being opened now. */
  int connecting() {
    return connecting;
  }

  /** Exchanges waiting for a connection. */
  int waiting() {
    return waiting.size();
  }

  /** Returns a connection whose exchange ended cleanly. */
  public void release(HttpClientConnection connection) {
    if (!waiting.isEmpty()) {
      // its turn (or, over HTTP/2, its stream) passes straight to the first exchange waiting
      waiting.pollFirst().complete(connection);
      return;
    }
    Integer streams = shared.get(connection);
    if (streams != null) {
      shared.put(connection, Math.max(0, streams - 1));
    } else {
      idle.addLast(connection);
    }
  }

  /**
   * Gives up a connection whose exchange broke (timeout, reset, protocol error): an HTTP/1.1
   * connection is closed; an HTTP/2 one keeps serving its other streams (the broken stream was
   * reset) unless the connection itself failed.
   */
  public void discard(HttpClientConnection connection) {
    if (shared.containsKey(connection)) {
      release(connection);
    } else {
      connection.close();
    }
  }
}
