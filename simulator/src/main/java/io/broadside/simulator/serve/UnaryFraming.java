package io.broadside.simulator.serve;

import io.vertx.core.http.HttpServerResponse;

/** The body of one family's non-streamed answer; see {@link UnaryExchange}. */
public interface UnaryFraming {

  /** The whole answer carrying {@code tokens} tokens. */
  String body(int tokens);

  /** A body cut mid-JSON, for a malformed fault. */
  String malformed(int tokens);

  /** Sets headers beside {@code Content-Type: application/json}; by default none. */
  default void headers(HttpServerResponse response, int tokens) {}
}
