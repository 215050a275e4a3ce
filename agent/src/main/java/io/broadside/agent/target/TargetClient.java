package io.broadside.agent.target;

import io.vertx.core.Future;

/**
 * Sends requests to one target. Created on, and used only from, one lane's event loop.
 *
 * <p>Events of one exchange, in order: {@code sent}, then {@code chunk}* (streams), then exactly
 * one of {@code done} or {@code failed}.
 */
public interface TargetClient {
  /** Sends one request; returns at once, the listener hears the rest. Never blocks. */
  void send(TargetRequest request, ExchangeListener listener);

  Future<Void> close();
}
