package io.broadside.simulator.server;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.HostingStats;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.engine.BatchEngine;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.JsonlRequestLog;
import io.broadside.simulator.log.RequestLog;
import io.broadside.simulator.metrics.ServerMetrics;
import io.broadside.simulator.openai.CompletionHandler;
import io.broadside.simulator.serve.Backend;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's lifecycle on its own event-loop context: warms up JSON handling on a worker
 * thread, opens the request log, binds one HTTP server per enabled family (HTTP/1.1 with
 * keep-alive, and h2c; the GRPC family's server hands its requests to a Vert.x gRPC server), and on
 * undeploy stops the engine, cuts the answers in progress (logged with status 499), closes the
 * servers and flushes the log, in that order. All handlers and engine timers run on this context.
 */
public final class SimulatorVerticle extends VerticleBase {
  private final SimulatorConfig config;
  private RequestLog log = RequestLog.NONE;
  private TimerEngineDriver driver;
  private Backend backend;
  private final List<HttpServer> servers = new ArrayList<>();
  private volatile Map<Family, Integer> actualPorts = Map.of();

  public SimulatorVerticle(SimulatorConfig config) {
    this.config = config;
  }

  /** The bound port of every enabled family, once deployment succeeded. */
  public Map<Family, Integer> actualPorts() {
    return actualPorts;
  }

  /** The hosting counters, computed on the simulator's context. */
  public Future<HostingStats> hostingStats() {
    Promise<HostingStats> stats = Promise.promise();
    context.runOnContext(v -> stats.complete(backend.host().stats()));
    return stats.future();
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
              BatchEngine engine = new BatchEngine(config.preset(), config.stalls());
              driver = new TimerEngineDriver(vertx, engine);
              backend = new Backend(vertx, config, clock, log, driver);
              backend.observeWith(
                  new ServerMetrics(
                      engine,
                      () -> backend.host().stats().loaded().size(),
                      config.hosting(),
                      backend.defaultModel(),
                      config.host()));
              FamilyHandlers handlers = new FamilyHandlers(vertx, backend, clock);
              Map<Family, Integer> bound = Collections.synchronizedMap(new EnumMap<>(Family.class));
              List<Future<?>> listening = new ArrayList<>();
              config
                  .ports()
                  .forEach(
                      (family, port) -> {
                        HttpServerOptions options =
                            new HttpServerOptions().setHttp2ClearTextEnabled(true);
                        HttpServer server =
                            vertx.createHttpServer(options).requestHandler(handlers.of(family));
                        servers.add(server);
                        listening.add(
                            server
                                .listen(port, config.host())
                                .onSuccess(s -> bound.put(family, s.actualPort())));
                      });
              return Future.all(listening).map(all -> bound);
            })
        .onSuccess(bound -> actualPorts = Map.copyOf(bound))
        .onFailure(failure -> log.close());
  }

  /**
   * Runs on a worker thread: one-time set-up that would otherwise stall the event loop on the first
   * request — Jackson's mappers, and Netty's first pooled chunk (whose allocation registers a
   * Flight Recorder event type, hundreds of milliseconds on a busy machine).
   */
  private static Void warmUp() {
    CompletionHandler.warmUp();
    FamilyHandlers.warmUp();
    JsonlRequestLog.warmUp();
    ByteBufAllocator.DEFAULT.directBuffer(64).release();
    return null;
  }

  @Override
  public Future<?> stop() {
    if (driver != null) {
      driver.stop();
      backend.abortAll();
    }
    List<Future<Void>> closed = new ArrayList<>();
    servers.forEach(s -> closed.add(s.close()));
    return Future.join(closed).eventually(log::close);
  }
}
