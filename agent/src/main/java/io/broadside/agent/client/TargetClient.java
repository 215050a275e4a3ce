package io.broadside.agent.client;

import io.vertx.core.Future;

/**
 * Sends requests to one target. Created on, and used only from, one lane's event loop.
 *
 * <p>Events of one exchange, in order: {@code sent}, {@code firstByte}, then {@code chunk}*, then
 * exactly one of {@code done} or {@code failed} (which may come at any point). A client reports
 * what it saw and never computes a metric.
 */
public interface TargetClient {
  /** Sends one request; returns at once, the listener hears the rest. Never blocks. */
  void send(TargetRequest request, ExchangeListener listener);

  /**
   * Whether {@code model} is ready to serve, by the protocol's own readiness check (KServe V1
   * {@code /v1/models/{name}}, V2 {@code /v2/models/{name}/ready} or gRPC {@code ModelReady});
   * fails when the check itself cannot be made. Protocols without one are ready when the server
   * answers its health route or, lacking one, always.
   */
  Future<Boolean> ready(String model);

  Future<Void> close();
}
