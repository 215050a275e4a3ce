package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.testing.BlockedThreadWatch;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A Vert.x instance for one test with a strict blocked-thread checker (checks every 50 ms, warns
 * when an event-loop task runs over 1 s: half Vert.x's default, with room for a busy machine), HTTP
 * clients kept in fields (HTTP/1.1 with up to 128 connections, and h2c), and {@link #close()} that
 * fails the test when any event loop was blocked.
 *
 * <p>Client calls run on one client context ({@link #onClientContext}): a callback attached from
 * the test thread to a completed future would run on the test thread and race the event loop (e.g.
 * a {@code body()} that misses the end of an empty response).
 *
 * <p>The first exchange in a JVM loads a few thousand classes on the event loops (Netty, Vert.x,
 * the Flight Recorder type registry behind Netty's allocator), which on a busy machine takes over a
 * second and would be blamed on whichever test runs first; so the first {@link #start()} runs one
 * unrecorded warm-up exchange against a simulator, over HTTP/1.1 and h2c.
 */
final class TestVertx implements AutoCloseable {
  static final long TIMEOUT_SECONDS = 15;
  private static boolean jvmWarm;

  final Vertx vertx;
  final HttpClientAgent http1;
  final HttpClientAgent h2c;
  private final Context clientContext;
  private final BlockedThreadWatch blocked;

  private TestVertx(Vertx vertx, BlockedThreadWatch blocked) {
    this.vertx = vertx;
    this.blocked = blocked;
    this.clientContext = vertx.getOrCreateContext();
    this.http1 =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(128));
    this.h2c =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
  }

  static synchronized TestVertx start() {
    if (!jvmWarm) {
      warmJvm();
      jvmWarm = true;
    }
    BlockedThreadWatch blocked = BlockedThreadWatch.install();
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setBlockedThreadCheckInterval(50)
                .setMaxEventLoopExecuteTime(1_000)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(1_000)
                .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
    return new TestVertx(vertx, blocked);
  }

  private static void warmJvm() {
    TestVertx warm = new TestVertx(Vertx.vertx(), null);
    try {
      Simulator sim = warm.simulator(SimulatorConfig.defaults().withPreset(GpuPreset.INSTANT));
      String body = "{\"prompt\": \"warm\", \"max_tokens\": 2, \"stream\": true}";
      warm.post(sim.port(), "/v1/completions", body);
      await(warm.exchange(warm.h2c, HttpMethod.POST, sim.port(), "/v1/completions", body));
      await(sim.close());
    } finally {
      await(warm.vertx.close());
    }
  }

  Simulator simulator(SimulatorConfig config) {
    return await(Simulator.start(vertx, config.withEphemeralPorts()));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + TIMEOUT_SECONDS + " s", e);
    }
  }

  /** Runs {@code work} on the client context, where its callbacks run too. */
  <T> Future<T> onClientContext(Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    clientContext.runOnContext(v -> work.get().onComplete(result));
    return result.future();
  }

  Reply post(int port, String path, String json) {
    return await(exchange(http1, HttpMethod.POST, port, path, json));
  }

  Reply get(int port, String path) {
    return await(exchange(http1, HttpMethod.GET, port, path, null));
  }

  Future<Reply> exchange(
      HttpClientAgent client, HttpMethod method, int port, String path, String json) {
    return onClientContext(
        () ->
            client
                .request(method, port, "127.0.0.1", path)
                .compose(
                    request ->
                        json == null
                            ? request.send()
                            : request.putHeader("Content-Type", "application/json").send(json))
                .compose(TestVertx::reply));
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

  /** The warnings so far, for the test that checks this fixture. */
  List<String> blockedThreadWarnings() {
    return blocked.warnings();
  }

  @Override
  public void close() {
    try {
      await(vertx.close());
    } finally {
      blocked.close();
    }
    assertThat(blocked.warnings()).as("blocked-thread warnings").isEmpty();
  }
}
