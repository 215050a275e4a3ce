package io.broadside.agent.target.openai;

import io.broadside.agent.target.ExchangeListener;
import io.broadside.agent.target.TargetClient;
import io.broadside.agent.target.TargetRequest;
import io.broadside.agent.target.http.LaneConnectionPool;
import io.broadside.agent.target.sse.SseParser;
import io.broadside.common.plan.Target;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;

/**
 * OpenAI chat or completions client over a pooled, keep-alive Vert.x HTTP client. One instance per
 * lane; every callback runs on that lane's event loop.
 */
public final class OpenAiClient implements TargetClient {
  private final Target target;
  private final Vertx vertx;
  private final HttpClientAgent http;
  private final LaneConnectionPool pool;
  private final String path;
  private final String host;
  private final int port;
  private final MultiMap headers;
  private final long timeoutMs;

  /**
   * @param bearerToken nullable: read by the caller from the environment variable the plan names
   * @param sourceHost nullable: the local address connections leave from
   */
  public OpenAiClient(Vertx vertx, Target target, String bearerToken, String sourceHost) {
    this.target = target;
    this.vertx = vertx;
    URI url = target.url();
    boolean tls = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    int connectTimeout = (int) Math.min(Integer.MAX_VALUE, target.timeout().toMillis());
    this.http =
        vertx
            .httpClientBuilder()
            .with(
                new HttpClientOptions()
                    .setLocalAddress(sourceHost)
                    .setKeepAlive(true)
                    .setTcpNoDelay(true)
                    .setConnectTimeout(connectTimeout))
            .build();
    this.pool =
        new LaneConnectionPool(
            http,
            new HttpConnectOptions()
                .setHost(url.getHost())
                .setPort(port)
                .setSsl(tls)
                .setConnectTimeout(connectTimeout));
    this.path = OpenAiRequests.path(url, target.protocol());
    this.host = url.getHost();
    this.port = port;
    this.timeoutMs = Math.max(1, target.timeout().toMillis());
    this.headers = MultiMap.caseInsensitiveMultiMap();
    headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
    headers.set(HttpHeaders.ACCEPT, target.stream() ? "text/event-stream" : "application/json");
    target.headers().forEach(headers::set);
    if (bearerToken != null) {
      headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken);
    }
  }

  @Override
  public void send(TargetRequest request, ExchangeListener listener) {
    Buffer body = OpenAiRequests.body(target.protocol(), request, target.stream());
    Exchange exchange = new Exchange(listener);
    exchange.timer =
        vertx.setTimer(
            timeoutMs,
            id -> {
              exchange.timer = -1;
              exchange.fail("timeout", "no complete response in " + timeoutMs + " ms");
            });
    pool.acquire()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                exchange.fail("connect", ar.cause().toString());
                return;
              }
              HttpClientConnection conn = ar.result();
              exchange.connection = conn;
              if (exchange.finished) {
                pool.discard(conn);
                return;
              }
              RequestOptions options =
                  new RequestOptions()
                      .setMethod(HttpMethod.POST)
                      .setHost(host)
                      .setPort(port)
                      .setURI(path)
                      .setHeaders(headers);
              conn.request(options)
                  .onFailure(e -> exchange.fail("connect", e.toString()))
                  .onSuccess(
                      req -> {
                        req.exceptionHandler(e -> exchange.fail("protocol", e.toString()));
                        listener.sent(System.nanoTime());
                        req.send(body)
                            .onFailure(e -> exchange.fail("protocol", e.toString()))
                            .onSuccess(exchange::onResponse);
                      });
            });
  }

  @Override
  public Future<Void> close() {
    return http.close();
  }

  /** The state of one request; all on one event loop. */
  private final class Exchange {
    final ExchangeListener listener;
    HttpClientConnection connection;
    boolean reusable = true;
    long timer = -1;
    boolean finished;
    boolean sawDone;
    ExchangeListener.Usage usage;

    Exchange(ExchangeListener listener) {
      this.listener = listener;
    }

    void onResponse(HttpClientResponse resp) {
      if (finished) {
        return;
      }
      if ("close".equalsIgnoreCase(resp.getHeader(HttpHeaders.CONNECTION))) {
        reusable = false;
      }
      if (resp.statusCode() / 100 != 2) {
        resp.body()
            .onComplete(ar -> fail("http_" + resp.statusCode(), "HTTP " + resp.statusCode()));
        return;
      }
      resp.exceptionHandler(e -> fail("protocol", e.toString()));
      String type = resp.getHeader(HttpHeaders.CONTENT_TYPE);
      if (type != null && type.startsWith("text/event-stream")) {
        SseParser parser = new SseParser(event -> onEvent(event.data()));
        resp.handler(parser::feed);
        resp.endHandler(
            v -> {
              if (!sawDone) {
                fail("protocol", "stream ended without [DONE]");
              } else {
                complete(true);
              }
            });
      } else {
        resp.body()
            .onSuccess(
                buf -> {
                  if (finished) {
                    return;
                  }
                  long now = System.nanoTime();
                  try {
                    OpenAiChunks.Chunk chunk = OpenAiChunks.scan(buf.toString());
                    usage = chunk.usage();
                    listener.chunk(now, chunk.tokens(), chunk.hasChoices());
                    complete(false);
                  } catch (IOException e) {
                    fail("protocol", "malformed response: " + e.getMessage());
                  }
                });
      }
    }

    void onEvent(String data) {
      if (finished) {
        return;
      }
      long now = System.nanoTime();
      if ("[DONE]".equals(data)) {
        sawDone = true;
        return;
      }
      try {
        OpenAiChunks.Chunk chunk = OpenAiChunks.scan(data);
        if (chunk.error()) {
          fail("protocol", "error event: " + data);
          return;
        }
        if (chunk.usage() != null) {
          usage = chunk.usage();
        }
        listener.chunk(now, chunk.tokens(), chunk.hasChoices());
      } catch (IOException e) {
        fail("protocol", "malformed chunk: " + e.getMessage());
      }
    }

    void complete(boolean streamed) {
      if (finished) {
        return;
      }
      finished = true;
      cancelTimer();
      long now = System.nanoTime();
      if (connection != null && reusable) {
        pool.release(connection);
      } else if (connection != null) {
        pool.discard(connection);
      }
      listener.done(now, usage, streamed);
    }

    boolean fail(String errorClass, String detail) {
      if (finished) {
        return false;
      }
      finished = true;
      cancelTimer();
      long now = System.nanoTime();
      if (connection != null) {
        // an HTTP error with a complete body leaves the connection usable; anything else does not
        if (errorClass.startsWith("http_") && reusable) {
          pool.release(connection);
        } else {
          pool.discard(connection);
        }
      }
      listener.failed(now, errorClass, detail);
      return true;
    }

    void cancelTimer() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
