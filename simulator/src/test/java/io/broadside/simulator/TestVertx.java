package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Vert.x instance for one test with a strict blocked-thread checker (warns after 500 ms, checks
 * every 50 ms), HTTP clients kept in fields, and {@link #close()} that fails the test when any
 * event loop was blocked.
 */
final class TestVertx implements AutoCloseable {
  static final long TIMEOUT_SECONDS = 15;

  final Vertx vertx;
  final HttpClientAgent http1;
  final HttpClientAgent h2c;
  private final RecordingBlockedThreadHandler blocked;

  private TestVertx() {
    blocked = RecordingBlockedThreadHandler.install();
    vertx =
        Vertx.vertx(
            new VertxOptions()
                .setBlockedThreadCheckInterval(50)
                .setMaxEventLoopExecuteTime(500)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    http1 = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    h2c =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
  }

  static TestVertx start() {
    return new TestVertx();
  }

  Simulator simulator(SimulatorConfig config) {
    return await(Simulator.start(vertx, config.withPort(0)));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + TIMEOUT_SECONDS + " s", e);
    }
  }

  Reply post(int port, String path, String json) {
    return await(exchange(http1, HttpMethod.POST, port, path, json));
  }

  Reply get(int port, String path) {
    return await(exchange(http1, HttpMethod.GET, port, path, null));
  }

  static Future<Reply> exchange(
      HttpClientAgent client, HttpMethod method, int port, String path, String json) {
    return client
        .request(method, port, "127.0.0.1", path)
        .compose(
            request -> {
              if (json == null) {
                return request.send();
              }
              return request.putHeader("Content-Type", "application/json").send(json);
            })
        .compose(response -> reply(response));
  }

  private static Future<Reply> reply(HttpClientResponse response) {
    int localPort = response.request().connection().localAddress().port();
    return response
        .body()
        .map(
            body ->
                new Reply(
                    response.statusCode(),
                    response.getHeader("Content-Type"),
                    body.toString(),
                    localPort));
  }

  @Override
  public void close() {
    try {
      await(vertx.close());
    } finally {
      blocked.uninstall();
    }
    assertThat(blocked.warnings()).as("blocked-thread warnings").isEmpty();
  }

  /** The warnings so far, for the test that checks this fixture. */
  java.util.List<String> blockedThreadWarnings() {
    return blocked.warnings();
  }
}
