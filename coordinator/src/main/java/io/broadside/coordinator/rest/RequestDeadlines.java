package io.broadside.coordinator.rest;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closes a REST connection whose client does not finish sending a request in time: from the moment
 * the connection opens, or its last answer ended, the next request must arrive whole (headers and
 * body) within the deadline. A client that trickles a byte now and then, or holds an idle
 * keep-alive connection, is let go; one that waits for a slow answer is not. Runs on the REST
 * server's event loop (the server takes HTTP/1.1 only, so Vert.x tells of a connection as it
 * opens).
 */
public final class RequestDeadlines {
  /** When each open connection began to owe a whole request (ms), or 0 while it is answered. */
  private final Map<HttpConnection, long[]> owing = new IdentityHashMap<>();

  private final Vertx vertx;
  private final long deadlineMs;

  public RequestDeadlines(Vertx vertx, Duration deadline) {
    this.vertx = vertx;
    this.deadlineMs = Math.max(1, deadline.toMillis());
  }

  /** Starts sweeping, on the caller's context (the REST server's), until it is undeployed. */
  public RequestDeadlines start() {
    long every = Math.max(50, Math.min(1_000, deadlineMs / 4));
    vertx.setPeriodic(every, every, id -> sweep());
    return this;
  }

  /** A new connection: it owes a request from now. */
  public void opened(HttpConnection connection) {
    owing.put(connection, new long[] {now()});
    connection.closeHandler(v -> owing.remove(connection));
  }

  /** The first route of every request: answered once received whole, owing again once answered. */
  public void route(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    long[] since = owing.get(connection);
    if (since == null) {
      // a connection the server did not tell of (never so over HTTP/1.1): it owes from now
      opened(connection);
      since = owing.get(connection);
    }
    long[] owed = since;
    ctx.request().end().onComplete(v -> owed[0] = 0);
    ctx.addEndHandler(v -> owed[0] = now());
    ctx.next();
  }

  private void sweep() {
    long now = now();
    List<HttpConnection> late = new ArrayList<>();
    owing.forEach(
        (c, since) -> {
          if (since[0] > 0 && now - since[0] > deadlineMs) {
            late.add(c);
          }
        });
    late.forEach(
        c -> {
          owing.remove(c);
          c.close();
        });
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }
}
