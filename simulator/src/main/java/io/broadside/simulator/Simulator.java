package io.broadside.simulator;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.Faults;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.HostingStats;
import io.broadside.simulator.config.ModelHosting;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.server.SimulatorVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;

/**
 * A running simulator: model servers of every enabled protocol {@link Family}, one port each, whose
 * tokens all come from one continuous-batching model of one GPU ({@link GpuPreset}):
 *
 * <ul>
 *   <li>{@link Family#OPENAI}: {@code POST /v1/chat/completions}, {@code POST /v1/completions},
 *       {@code GET /v1/models}, {@code GET /health}, also under {@code /openai/v1/};
 *   <li>{@link Family#GRPC} (h2c): TGIS {@code fmaas.GenerationService}, Caikit {@code
 *       caikit.runtime.Nlp.NlpService}, KServe V2 {@code inference.GRPCInferenceService};
 *   <li>{@link Family#TGI}: {@code POST /generate}, {@code POST /generate_stream}, {@code GET
 *       /health}, {@code GET /info};
 *   <li>{@link Family#KSERVE}: KServe V1 ({@code /v1/models/{m}:predict}), Open Inference Protocol
 *       V2 REST ({@code /v2/models/{m}/infer}, readiness) and Triton's generate extension;
 *   <li>{@link Family#CAIKIT_HTTP}: {@code POST /api/v1/task/text-generation} and its
 *       server-streaming variant;
 *   <li>{@link Family#SAGEMAKER}: {@code POST /endpoints/{name}/invocations} and {@code
 *       …/invocations-response-stream} (AWS event stream), with optional SigV4 checks.
 * </ul>
 *
 * <p>Optionally it hosts models in a memory budget ({@link ModelHosting}) and injects faults per
 * family ({@link Faults}). The servers, the engine, the hosting and the request log live on one
 * Vert.x event-loop context of their own (a verticle); nothing there blocks. Every method may be
 * called from any thread.
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
  private final SimulatorVerticle verticle;
  private final Map<Family, Integer> ports;
  private Future<Void> closed;

  private Simulator(Vertx vertx, String deploymentId, SimulatorVerticle verticle) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.verticle = verticle;
    this.ports = verticle.actualPorts();
  }

  /**
   * Binds a server per enabled family (port 0 picks an ephemeral one) and creates or truncates the
   * request log. Fails when a port is taken or the log cannot be opened.
   */
  public static Future<Simulator> start(Vertx vertx, SimulatorConfig config) {
    SimulatorVerticle verticle = new SimulatorVerticle(config);
    return vertx.deployVerticle(verticle).map(id -> new Simulator(vertx, id, verticle));
  }

  /** The bound port of the OPENAI family. */
  public int port() {
    return port(Family.OPENAI);
  }

  /**
   * The bound port of {@code family}.
   *
   * @throws IllegalArgumentException when that family is not enabled
   */
  public int port(Family family) {
    Integer port = ports.get(family);
    if (port == null) {
      throw new IllegalArgumentException(family + " is not enabled; enabled: " + ports.keySet());
    }
    return port;
  }

  /**
   * The multi-model hosting counters, read on the simulator's context (no loads and no models
   * without hosting). Fails once the simulator is closed.
   */
  public Future<HostingStats> hostingStats() {
    return verticle.hostingStats();
  }

  /**
   * Stops the engine, cuts the answers in progress (each logged with status 499), closes the
   * servers, and flushes and closes the request log; completes when the log file is complete.
   * Idempotent.
   */
  public synchronized Future<Void> close() {
    if (closed == null) {
      closed = vertx.undeploy(deploymentId);
    }
    return closed;
  }
}
