package io.broadside.simulator.server;

import io.broadside.simulator.SimulatorConfig;
import io.broadside.simulator.engine.BatchEngine;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.JsonlRequestLog;
import io.broadside.simulator.log.RequestLog;
import io.broadside.simulator.openai.CompletionHandler;
import io.broadside.simulator.openai.ModelsHandler;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The simulator's lifecycle on its own event-loop context: warms up JSON handling on a worker
 * thread, opens the request log, binds the HTTP server (HTTP/1.1 with keep-alive, and h2c), and on
 * undeploy stops the engine, cuts the answers in progress (logged with status 499), closes the
 * server and flushes the log, in that order. All handlers and engine timers run on this context.
 */
public final class SimulatorVerticle extends VerticleBase {
  private final SimulatorConfig config;
  private RequestLog log = RequestLog.NONE;
  private TimerEngineDriver driver;
  private CompletionHandler completions;
  private HttpServer server;
  private volatile int actualPort = -1;

  public SimulatorVerticle(SimulatorConfig config) {
    this.config = config;
  }

  /** The bound port, once deployment succeeded. */
  public int actualPort() {
    return actualPort;
  }

  @Override
  public Future<?> start() {
    EpochMicroClock clock = EpochMicroClock.start();
    return vertx
        .executeBlocking(SimulatorVerticle::warmUp)
        .compose(
            warm ->
                config.requestLog() == null
                    ? Future.succeededFuture(RequestLog.NONE)
                    : JsonlRequestLog.open(vertx, config.requestLog()))
        .compose(
            openedLog -> {
              log = openedLog;
              driver =
                  new TimerEngineDriver(vertx, new BatchEngine(config.preset(), config.stalls()));
              completions =
                  new CompletionHandler(
                      config.models(), config.roleChunkEarly(), config.seed(), clock, log, driver);
              HttpRouter router =
                  new HttpRouter(
                      completions,
                      new ModelsHandler(config.models(), clock.nowMicros() / 1_000_000));
              HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(true);
              server = vertx.createHttpServer(options).requestHandler(router);
              return server.listen(config.port(), config.host());
            })
        .onSuccess(bound -> actualPort = bound.actualPort())
        .onFailure(failure -> log.close());
  }

  /**
   * Runs on a worker thread: one-time set-up that would otherwise stall the event loop on the first
   * request — Jackson's mappers, and Netty's first pooled chunk (whose allocation registers a
   * Flight Recorder event type, hundreds of milliseconds on a busy machine).
   */
  private static Void warmUp() {
    CompletionHandler.warmUp();
    JsonlRequestLog.warmUp();
    ByteBufAllocator.DEFAULT.directBuffer(64).release();
    return null;
  }

  @Override
  public Future<?> stop() {
    if (driver != null) {
      driver.stop();
      completions.abortAll();
    }
    Future<Void> serverClosed = server == null ? Future.succeededFuture() : server.close();
    return serverClosed.eventually(log::close);
  }
}
