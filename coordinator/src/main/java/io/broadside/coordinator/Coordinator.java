package io.broadside.coordinator;

import io.broadside.common.cluster.MemberAttributes;
import io.broadside.coordinator.access.AccessPolicy;
import io.broadside.coordinator.access.AuditLog;
import io.broadside.coordinator.access.RestSecurity;
import io.broadside.coordinator.agent.AgentGateway;
import io.broadside.coordinator.agent.AgentRegistry;
import io.broadside.coordinator.metrics.MetricsExport;
import io.broadside.coordinator.rest.RequestDeadlines;
import io.broadside.coordinator.rest.RestApi;
import io.broadside.coordinator.runs.RunManager;
import io.broadside.coordinator.runs.RunRecovery;
import io.broadside.coordinator.runs.RunSettings;
import io.broadside.protocol.cluster.Membership;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.grpc.server.GrpcServer;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The coordinator verticle: REST on one port, the agents' gRPC streams on another, all state on
 * this verticle's context. Lifecycle only; the work is in {@link RunManager}, {@link AgentGateway}
 * and {@link RestApi}.
 */
public final class Coordinator extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(Coordinator.class.getName());
  private final CoordinatorConfig config;
  private RunManager runs;
  private HttpServer rest;
  private HttpServer grpc;
  private Membership membership;
  private MetricsExport metrics;
  private AccessPolicy access;
  private AgentRegistry registry;

  public Coordinator(CoordinatorConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    registry = new AgentRegistry();
    runs =
        new RunManager(
            vertx,
            context,
            new RunSettings(
                config.snapshotInterval(),
                config.metricsWindow(),
                config.startDelay(),
                config.finalFlushGrace(),
                config.agentLease(),
                config.allowHooks(),
                config.dataDir(),
                config.planRoot(),
                config.destinations(),
                config.caps(),
                config.metricsRetention()),
            registry);
    GrpcServer grpcServer = GrpcServer.server(vertx);
    new AgentGateway(vertx, registry, runs, config.clusterTls() != null).bind(grpcServer);
    metrics = new MetricsExport(runs::all, registry, config.metricsRetention());
    long tickMs = Math.max(1, config.snapshotInterval().toMillis());
    vertx.setPeriodic(tickMs, tickMs, t -> metrics.tick());
    HttpServerOptions options = new HttpServerOptions().setHost(config.host());
    RestSecurity security = config.security();
    // agents send a heartbeat every second and answer each ping: a link silent for a lease (3 s
    // at least) is dead, even half-open, and closed
    HttpServerOptions grpcOptions =
        new HttpServerOptions(options)
            .setPort(config.grpcPort())
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setReadIdleTimeout((int) Math.max(3_000, config.agentLease().toMillis()));
    if (config.clusterTls() != null) {
      config.clusterTls().server(grpcOptions);
    }
    // HTTP/1.1 only (no h2c sniffing, which would hide a connection until its first bytes are
    // read): RequestDeadlines sees each connection as it opens; headers are bounded in size
    HttpServerOptions restOptions =
        new HttpServerOptions(options)
            .setPort(config.httpPort())
            .setHttp2ClearTextEnabled(false)
            .setMaxInitialLineLength(8_192)
            .setMaxHeaderSize(16_384);
    if (security.tls()) {
      restOptions
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(security.tlsCert().toString())
                  .setKeyPath(security.tlsKey().toString()));
    }
    return vertx
        .executeBlocking(() -> InetAddress.getByName(config.host()).isLoopbackAddress())
        .compose(
            loopback -> {
              if (!loopback && config.clusterTls() == null) {
                if (!security.insecureNoAuth()) {
                  return Future.failedFuture(
                      new IllegalStateException(
                          "refusing to accept agents on "
                              + config.host()
                              + " without mutual TLS: whoever reaches the port could join as an"
                              + " agent and receive every plan. Give --ca, --cert and --key"
                              + " (broadside certs makes them), or --insecure-no-auth to run it"
                              + " open anyway"));
                }
                LOG.warning(
                    "INSECURE: agents join "
                        + config.host()
                        + " without mutual TLS (--insecure-no-auth): anyone who reaches the port"
                        + " can join as an agent and receive every plan");
              }
              if (!loopback && security.tokens() == null) {
                if (!security.insecureNoAuth()) {
                  return Future.failedFuture(
                      new IllegalStateException(
                          "refusing to serve the REST API on "
                              + config.host()
                              + " without tokens: whoever reaches it could launch load at any"
                              + " host. Give --tokens FILE (broadside token adds one), or"
                              + " --insecure-no-auth to run it open anyway"));
                }
                LOG.warning(
                    "INSECURE: the REST API on "
                        + config.host()
                        + " has no tokens (--insecure-no-auth): anyone who reaches it can launch"
                        + " load at any host, read every plan and delete every run");
              }
              access =
                  new AccessPolicy(
                      security.tokens(),
                      loopback && security.tokens() == null,
                      new AuditLog(vertx, config.dataDir()));
              return vertx.createHttpServer(grpcOptions).requestHandler(grpcServer).listen();
            })
        .compose(
            g -> {
              grpc = g;
              RequestDeadlines deadlines =
                  new RequestDeadlines(vertx, config.requestDeadline()).start();
              Router router = new RestApi(runs, registry, metrics::handle, access).router(vertx);
              router.route().order(-1_000).handler(deadlines::route);
              return vertx
                  .createHttpServer(restOptions)
                  .connectionHandler(deadlines::opened)
                  .requestHandler(router)
                  .listen();
            })
        .onSuccess(r -> rest = r)
        // run history: the run directories are the store; the index is rebuilt from them
        .compose(r -> vertx.executeBlocking(() -> RunRecovery.endedRuns(config.dataDir())))
        .onSuccess(runs::adoptEnded)
        .compose(r -> vertx.executeBlocking(() -> RunRecovery.interruptedRuns(config.dataDir())))
        .onSuccess(runs::adopt)
        .compose(r -> config.membership() == null ? Future.succeededFuture() : joinCluster());
  }

  /** Joins Hazelcast as a full member publishing the gRPC address (blocking: on a worker). */
  private Future<Void> joinCluster() {
    String host = config.advertiseHost() != null ? config.advertiseHost() : config.host();
    Map<String, String> attributes =
        Map.of(
            MemberAttributes.ROLE,
            MemberAttributes.COORDINATOR,
            MemberAttributes.GRPC,
            host + ":" + grpc.actualPort());
    return vertx
        .executeBlocking(() -> Membership.join(config.membership(), false, attributes))
        .map(
            m -> {
              membership = m;
              return null;
            });
  }

  @Override
  public Future<?> stop() {
    // an agent's control stream never ends by itself: the servers' default grace (30 s each)
    // would wait them out; a second lets answers in flight finish
    Future<Void> servers = Future.all(shutdown(grpc), shutdown(rest)).mapEmpty();
    Membership m = membership;
    return m == null
        ? servers
        : servers.compose(
            v ->
                vertx.executeBlocking(
                    () -> {
                      m.close();
                      return null;
                    }));
  }

  private static Future<Void> shutdown(HttpServer server) {
    return server == null ? Future.succeededFuture() : server.shutdown(1, TimeUnit.SECONDS);
  }

  /** The Hazelcast address agents join ({@code host:port}), or null without membership. */
  public String clusterAddress() {
    return membership == null ? null : membership.address();
  }

  /** The run manager; call it on this verticle's context (see {@link #context()}). */
  public RunManager runs() {
    return runs;
  }

  public Context context() {
    return context;
  }

  /** The agents connected now; call on this verticle's context. */
  public AgentRegistry agents() {
    return registry;
  }

  /** The Prometheus export (its registry and tick); call on this verticle's context. */
  public MetricsExport metrics() {
    return metrics;
  }

  public int httpPort() {
    return rest.actualPort();
  }

  public int grpcPort() {
    return grpc.actualPort();
  }
}
