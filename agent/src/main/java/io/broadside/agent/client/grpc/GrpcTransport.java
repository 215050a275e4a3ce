package io.broadside.agent.client.grpc;

import io.broadside.agent.client.ExchangeListener;
import io.broadside.agent.client.ExchangeState;
import io.broadside.agent.client.FailureText;
import io.broadside.agent.client.TargetSecrets;
import io.broadside.agent.client.http.HttpDialect;
import io.broadside.agent.client.http.TlsClientOptions;
import io.broadside.common.plan.Target;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.net.URI;

/**
 * gRPC to one target for one lane: a Vert.x gRPC client (HTTP/2: h2c with prior knowledge on http,
 * ALPN on https with the plan's TLS options), the metadata every call carries (the plan's headers,
 * auth), the per-request timeout, and the life of each call. A non-OK status is the error class
 * {@code grpc_<CODE>}; a message that does not decode, or a stream that breaks, is {@code
 * protocol}. Used only on the lane's event loop.
 */
public final class GrpcTransport {
  /** The largest answer a call takes: 64 MiB. */
  static final long MAX_MESSAGE_BYTES = 64L << 20;

  private final Vertx vertx;
  private final GrpcClient client;
  private final SocketAddress address;
  private final MultiMap metadata = MultiMap.caseInsensitiveMultiMap();
  private final long timeoutMs;

  /**
   * @param sourceHost nullable: the local address connections leave from
   */
  public GrpcTransport(Vertx vertx, Target target, TargetSecrets secrets, String sourceHost) {
    this.vertx = vertx;
    URI url = target.url();
    boolean tls = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    HttpClientOptions options =
        new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_2)
            .setHttp2ClearTextUpgrade(false)
            .setLocalAddress(sourceHost)
            .setTcpNoDelay(true)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, target.timeout().toMillis()));
    if (tls) {
      TlsClientOptions.apply(options, target.tls(), secrets.tlsPem(), true);
    }
    // Vert.x takes answers of at most 256 KiB by default; an inference answer may be an image
    this.client =
        GrpcClient.client(
            vertx, new GrpcClientOptions().setMaxMessageSize(MAX_MESSAGE_BYTES), options);
    this.address = SocketAddress.inetSocketAddress(port, url.getHost());
    this.timeoutMs = Math.max(1, target.timeout().toMillis());
    target.headers().forEach((k, v) -> metadata.set(k.toLowerCase(java.util.Locale.ROOT), v));
    if (secrets.authorization() != null) {
      metadata.set("authorization", secrets.authorization());
    }
  }

  /**
   * Calls {@code method} with {@code message}; the listener hears the exchange, read by {@code
   * reader}.
   *
   * @param extra nullable: call-specific metadata (Caikit's {@code mm-model-id})
   */
  public <Q, R> void call(
      ServiceMethod<R, Q> method,
      Q message,
      MultiMap extra,
      GrpcReader<R> reader,
      ExchangeListener listener) {
    GrpcExchange<Q, R> exchange = new GrpcExchange<>(listener);
    client
        .request(address, method)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                exchange.fail("connect", FailureText.of(ar.cause()));
                return;
              }
              GrpcClientRequest<Q, R> request = ar.result();
              exchange.request = request;
              if (exchange.finished()) {
                request.cancel();
                return;
              }
              request.headers().addAll(metadata);
              if (extra != null) {
                request.headers().addAll(extra);
              }
              request.exceptionHandler(e -> exchange.fail("protocol", FailureText.of(e)));
              exchange.sent();
              Future<GrpcClientResponse<Q, R>> response = request.send(message);
              response
                  .onFailure(e -> exchange.fail("protocol", FailureText.of(e)))
                  .onSuccess(resp -> exchange.read(resp, method, reader));
            });
  }

  /** A unary call whose answer only matters (readiness): the response, or a failure. */
  public <Q, R> Future<R> ask(ServiceMethod<R, Q> method, Q message) {
    return client
        .request(address, method)
        .compose(
            req -> {
              req.headers().addAll(metadata);
              req.timeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
              return req.send(message).compose(GrpcClientResponse::last);
            });
  }

  public Future<Void> close() {
    return client.close();
  }

  private final class GrpcExchange<Q, R> extends ExchangeState {
    GrpcClientRequest<Q, R> request;
    boolean ended;

    GrpcExchange(ExchangeListener listener) {
      super(vertx, listener, timeoutMs);
    }

    void read(GrpcClientResponse<Q, R> response, ServiceMethod<R, Q> method, GrpcReader<R> reader) {
      firstByte();
      // raw messages, decoded here: a message that does not parse fails the exchange at once
      response.messageHandler(
          raw -> {
            if (finished()) {
              return;
            }
            R message;
            try {
              message = method.decoder().decode(raw);
            } catch (RuntimeException e) {
              fail("protocol", "a message that does not decode: " + e.getMessage());
              return;
            }
            reader.message(message, this);
          });
      response.exceptionHandler(e -> fail("protocol", "stream broke: " + e));
      response.endHandler(
          v -> {
            ended = true;
            if (finished()) {
              return;
            }
            GrpcStatus status = response.status();
            if (status == null || status == GrpcStatus.OK) {
              reader.end(this);
            } else {
              String message = String.valueOf(response.statusMessage());
              boolean notReady =
                  status == GrpcStatus.UNAVAILABLE && HttpDialect.saysNotReady(message);
              fail(notReady ? "model_not_ready" : "grpc_" + status.name(), message);
            }
          });
    }

    @Override
    protected void release(String errorClass) {
      if (request != null && !ended) {
        request.cancel();
      }
    }
  }
}
