package io.broadside.agent.target.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import java.util.ArrayDeque;

/**
 * Keep-alive HTTP connections owned by one lane, used only on its event loop. Acquiring an idle
 * connection costs nothing: no pool hop between the moment a user decides to send and the write, so
 * the client's own overhead stays out of the latency it measures. A connection serves one exchange
 * at a time; one that failed, timed out or was closed by the server is never reused.
 */
public final class LaneConnectionPool {
  private final HttpClientAgent client;
  private final HttpConnectOptions connect;
  private final ArrayDeque<HttpClientConnection> idle = new ArrayDeque<>();

  public LaneConnectionPool(HttpClientAgent client, HttpConnectOptions connect) {
    this.client = client;
    this.connect = connect;
  }

  /** An idle connection at once, or a new one. */
  public Future<HttpClientConnection> acquire() {
    HttpClientConnection c = idle.pollLast();
    if (c != null) {
      return Future.succeededFuture(c);
    }
    return client.connect(connect).onSuccess(conn -> conn.closeHandler(v -> idle.remove(conn)));
  }

  /** Returns a connection whose exchange ended cleanly. */
  public void release(HttpClientConnection connection) {
    idle.addLast(connection);
  }

  /** Closes a connection that must not be reused (timeout, reset, protocol error). */
  public void discard(HttpClientConnection connection) {
    connection.close();
  }
}
