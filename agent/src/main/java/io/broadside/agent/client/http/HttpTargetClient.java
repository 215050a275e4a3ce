package io.broadside.agent.client.http;

import io.broadside.agent.client.ExchangeListener;
import io.broadside.agent.client.TargetClient;
import io.broadside.agent.client.TargetRequest;
import io.vertx.core.Future;

/**
 * A {@link TargetClient} over HTTP: {@link HttpTransport} carries, the {@link HttpDialect} speaks
 * the protocol, {@link Readiness} checks a model. One per lane, on its event loop.
 */
public final class HttpTargetClient implements TargetClient {
  /** How a protocol tells whether a model is ready. */
  @FunctionalInterface
  public interface Readiness {
    Future<Boolean> check(HttpTransport transport, String model);

    /** No readiness route: ready when the server answers 200 on {@code path}. */
    static Readiness health(String path) {
      return (transport, model) ->
          transport.get(transport.basePath() + path).map(a -> a.status() == 200);
    }
  }

  private final HttpTransport transport;
  private final HttpDialect dialect;
  private final Readiness readiness;

  public HttpTargetClient(HttpTransport transport, HttpDialect dialect, Readiness readiness) {
    this.transport = transport;
    this.dialect = dialect;
    this.readiness = readiness;
  }

  @Override
  public void send(TargetRequest request, ExchangeListener listener) {
    HttpCall call = dialect.call(request);
    if (request.headers() != null && !request.headers().isEmpty()) {
      // the request's own headers (a slice's, a session's) after the protocol's
      io.vertx.core.MultiMap all = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
      if (call.headers() != null) {
        all.addAll(call.headers());
      }
      all.setAll(request.headers());
      call = new HttpCall(call.method(), call.path(), call.body(), all, call.stream());
    }
    transport.send(call, dialect, listener);
  }

  @Override
  public Future<Boolean> ready(String model) {
    return readiness.check(transport, model);
  }

  @Override
  public Future<Void> close() {
    return transport.close();
  }
}
