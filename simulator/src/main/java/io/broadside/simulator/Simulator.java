package io.broadside.simulator;

import io.broadside.simulator.server.SimulatorVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A running simulator: an OpenAI-compatible HTTP server ({@code POST /v1/chat/completions}, {@code
 * POST /v1/completions}, {@code GET /v1/models}, {@code GET /health}) whose tokens come from a
 * continuous-batching model of one GPU ({@link GpuPreset}).
 *
 * <p>The server, the engine and the request log live on one Vert.x event-loop context of their own
 * (a verticle); nothing there blocks. {@link #start} and {@link #close} may be called from any
 * thread.
 *
 * <pre>{@code
 * Simulator sim = Simulator.start(vertx, SimulatorConfig.defaults().withPort(0)).await();
 * // … drive load at http://127.0.0.1:{sim.port()} …
 * sim.close().await();
 * }</pre>
 */
public final class Simulator {
  private final Vertx vertx;
  private final String deploymentId;
  private final int port;
  private Future<Void> closed;

  private Simulator(Vertx vertx, String deploymentId, int port) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.port = port;
  }

  /**
   * Binds the HTTP server (port 0 picks an ephemeral one) and creates or truncates the request log.
   * Fails when the port is taken or the log cannot be opened.
   */
  public static Future<Simulator> start(Vertx vertx, SimulatorConfig config) {
    SimulatorVerticle verticle = new SimulatorVerticle(config);
    return vertx
        .deployVerticle(verticle)
        .map(id -> new Simulator(vertx, id, verticle.actualPort()));
  }

  /** The bound HTTP port. */
  public int port() {
    return port;
  }

  /**
   * Stops the engine, cuts the answers in progress (each logged with status 499), closes the
   * server, and flushes and closes the request log; completes when the log file is complete.
   * Idempotent.
   */
  public synchronized Future<Void> close() {
    if (closed == null) {
      closed = vertx.undeploy(deploymentId);
    }
    return closed;
  }
}
