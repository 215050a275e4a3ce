package io.broadside.simulator.serve;

import io.broadside.simulator.fault.Fault;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestRecord;
import io.vertx.core.http.HttpServerResponse;

/**
 * An {@link Exchange} over an HTTP response: cut when the connection closes, dropped by resetting
 * the response (HTTP/1.1: the connection closes; HTTP/2: the stream is reset). Owned by the
 * simulator's context.
 */
public abstract class HttpExchange extends Exchange {
  protected final HttpServerResponse response;

  protected HttpExchange(
      HttpServerResponse response,
      RequestRecord record,
      EpochMicroClock clock,
      Fault fault,
      boolean streaming,
      int keepAliveEvery) {
    super(record, clock, fault, streaming, keepAliveEvery);
    this.response = response;
    response.closeHandler(v -> abort());
    response.exceptionHandler(e -> abort());
  }

  @Override
  protected void drop() {
    response.reset();
  }

  @Override
  protected boolean gone() {
    return response.closed();
  }
}
