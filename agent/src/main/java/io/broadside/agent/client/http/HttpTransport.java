package io.broadside.agent.client.http;

import io.broadside.agent.client.ExchangeListener;
import io.broadside.agent.client.ExchangeState;
import io.broadside.agent.client.FailureText;
import io.broadside.agent.client.TargetSecrets;
import io.broadside.common.plan.Target;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;

/**
 * HTTP to one target for one lane: a Vert.x client configured from the plan (HTTP/1.1 keep-alive,
 * or HTTP/2 as h2c with prior knowledge or by ALPN; TLS with a trust list, a client certificate, or
 * trust-all when asked), the lane's own connections, the headers every request carries (the plan's,
 * auth), the per-request timeout, and the life of each exchange. What is sent and how the answer is
 * read belong to an {@link HttpDialect}. Used only on the lane's event loop.
 */
public final class HttpTransport {
  private final Vertx vertx;
  private final HttpClientAgent http;
  private final LaneConnectionPool pool;
  private final String host;
  private final int port;
  private final String basePath;
  private final MultiMap headers;
  private final long timeoutMs;
  private MultiMap lastCallHeaders;
  private MultiMap lastMerged;

  /**
   * @param sourceHost nullable: the local address connections leave from
   */
  public HttpTransport(Vertx vertx, Target target, TargetSecrets secrets, String sourceHost) {
    this.vertx = vertx;
    URI url = target.url();
    boolean tls = "https".equalsIgnoreCase(url.getScheme());
    this.port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    int connectTimeout = (int) Math.min(Integer.MAX_VALUE, target.timeout().toMillis());
    HttpClientOptions options =
        new HttpClientOptions()
            .setLocalAddress(sourceHost)
            .setKeepAlive(true)
            .setTcpNoDelay(true)
            .setConnectTimeout(connectTimeout);
    if (tls) {
      TlsClientOptions.apply(options, target.tls(), secrets.tlsPem(), target.http2());
    }
    if (target.http2()) {
      options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
    }
    this.http = vertx.httpClientBuilder().with(options).build();
    String serverName = target.tls().serverName();
    this.host = serverName != null ? serverName : url.getHost();
    HttpConnectOptions connect =
        new HttpConnectOptions()
            .setHost(host)
            .setPort(port)
            .setSsl(tls)
            .setConnectTimeout(connectTimeout);
    if (serverName != null) {
      connect.setServer(SocketAddress.inetSocketAddress(port, url.getHost()));
    }
    this.pool = new LaneConnectionPool(http, connect);
    String prefix = url.getRawPath() == null ? "" : url.getRawPath();
    this.basePath = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    this.timeoutMs = Math.max(1, target.timeout().toMillis());
    this.headers = MultiMap.caseInsensitiveMultiMap();
    target.headers().forEach(headers::set);
    if (secrets.authorization() != null) {
      headers.set(HttpHeaders.AUTHORIZATION, secrets.authorization());
    }
  }

  /** The target URL's path without a trailing slash ({@code ""} for none): routes go after it. */
  public String basePath() {
    return basePath;
  }

  /** The {@code host[:port]} this transport sends as {@code Host} (what SigV4 signs). */
  public String authority() {
    boolean defaultPort = port == 80 || port == 443;
    return defaultPort ? host : host + ":" + port;
  }

  /** Sends {@code call}; the listener hears the exchange, read by {@code dialect}. */
  public void send(HttpCall call, HttpDialect dialect, ExchangeListener listener) {
    HttpExchange exchange = new HttpExchange(listener);
    pool.acquire()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                exchange.fail("connect", FailureText.of(ar.cause()));
                return;
              }
              exchange.connection = ar.result();
              if (exchange.finished()) {
                pool.release(exchange.connection);
                return;
              }
              exchange
                  .connection
                  .request(options(call))
                  .onFailure(e -> exchange.fail("connect", FailureText.of(e)))
                  .onSuccess(req -> exchange.start(req, call, dialect));
            });
  }

  /** A GET of {@code path} (readiness, health) on the client's own pool: status and body. */
  public Future<Answer> get(String path) {
    return http.request(options(new HttpCall(HttpMethod.GET, path, null, null, false)))
        .compose(
            req ->
                req.send()
                    .compose(resp -> resp.body().map(body -> new Answer(resp.statusCode(), body))));
  }

  /** A whole answer. */
  public record Answer(int status, Buffer body) {}

  public Future<Void> close() {
    return http.close();
  }

  private RequestOptions options(HttpCall call) {
    MultiMap all = headers;
    if (call.headers() != null) {
      // most dialects send the same headers every time: merge those once
      if (call.headers() != lastCallHeaders) {
        lastCallHeaders = call.headers();
        lastMerged = MultiMap.caseInsensitiveMultiMap().addAll(headers).addAll(call.headers());
      }
      all = lastMerged;
    }
    return new RequestOptions()
        .setMethod(call.method())
        .setHost(host)
        .setPort(port)
        .setURI(call.path())
        .setHeaders(all)
        .setTimeout(-1);
  }

  /** One exchange on one connection. */
  private final class HttpExchange extends ExchangeState {
    HttpClientConnection connection;
    HttpClientRequest request;
    boolean reusable = true;
    boolean bodyComplete;

    HttpExchange(ExchangeListener listener) {
      super(vertx, listener, timeoutMs);
    }

    void start(HttpClientRequest req, HttpCall call, HttpDialect dialect) {
      request = req;
      req.exceptionHandler(e -> fail("protocol", FailureText.of(e)));
      Future<HttpClientResponse> response =
          call.body() == null ? req.send() : req.send(call.body());
      sent();
      response
          .onFailure(e -> fail("protocol", FailureText.of(e)))
          .onSuccess(resp -> onResponse(resp, dialect));
    }

    void onResponse(HttpClientResponse resp, HttpDialect dialect) {
      if (finished()) {
        return;
      }
      firstByte();
      if ("close".equalsIgnoreCase(resp.getHeader(HttpHeaders.CONNECTION))) {
        reusable = false;
      }
      resp.exceptionHandler(e -> fail("protocol", "connection broke mid-answer: " + e));
      int status = resp.statusCode();
      if (status / 100 != 2) {
        resp.body()
            .onComplete(
                ar -> {
                  bodyComplete = ar.succeeded();
                  Buffer body = ar.succeeded() ? ar.result() : Buffer.buffer();
                  fail(
                      dialect.errorClass(status, resp.headers(), body),
                      "HTTP " + status + ": " + snippet(body));
                });
        return;
      }
      ResponseDecoder decoder = dialect.decoder(resp, this);
      resp.handler(
          b -> {
            if (!finished()) {
              decoder.feed(b);
            }
          });
      resp.endHandler(
          v -> {
            bodyComplete = true;
            if (!finished()) {
              decoder.end();
            }
            if (!finished()) {
              fail("protocol", "the answer ended and its decoder did not finish it");
            }
          });
    }

    @Override
    protected void release(String errorClass) {
      if (connection == null) {
        return;
      }
      if (bodyComplete && reusable) {
        pool.release(connection);
        return;
      }
      if (request != null && !bodyComplete) {
        request.reset();
      }
      pool.discard(connection);
    }
  }

  /** The start of a body, for an error message. */
  public static String snippet(Buffer body) {
    String text = body.toString();
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
