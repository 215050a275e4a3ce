package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.agent.control.Agent;
import io.broadside.agent.control.AgentConfig;
import io.broadside.coordinator.Coordinator;
import io.broadside.coordinator.CoordinatorConfig;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.ControlMessages;
import io.broadside.protocol.tls.ClusterCertificates;
import io.broadside.protocol.tls.ClusterTls;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS between real agents and a real coordinator: only an agent whose certificate the
 * cluster's authority signed, for the id it says hello with, joins; a second hello for a connected
 * id is refused and the first session kept; an agent follows no coordinator whose certificate is
 * not a coordinator's of its authority, and processes nothing from it.
 */
class ClusterTlsIT {
  private static final Duration DAY = Duration.ofDays(1);

  @TempDir Path dir;
  Vertx vertx;
  Coordinator coordinator;
  Path certs;
  Path rogue;

  @BeforeEach
  void start() throws Exception {
    certs = dir.resolve("certs");
    ClusterCertificates ca = ClusterCertificates.newAuthority("it", DAY);
    ca.write(certs);
    ca.issue("coordinator", ClusterTls.COORDINATOR, List.of("127.0.0.1"), DAY).write(certs);
    ca.issue("a1", ClusterTls.AGENT, List.of(), DAY).write(certs);
    ca.issue("fleet", ClusterTls.AGENT, List.of("127.0.0.1"), DAY).write(certs);
    // another authority: the same names, signed by the wrong key
    rogue = dir.resolve("rogue");
    ClusterCertificates other = ClusterCertificates.newAuthority("rogue", DAY);
    other.write(rogue);
    other.issue("coordinator", ClusterTls.COORDINATOR, List.of("127.0.0.1"), DAY).write(rogue);
    other.issue("a1", ClusterTls.AGENT, List.of(), DAY).write(rogue);

    vertx = Vertx.vertx();
    coordinator =
        new Coordinator(
            CoordinatorConfig.defaults()
                .withPorts(0, 0)
                .withDataDir(dir.resolve("runs"))
                .withClusterTls(tls(certs, "coordinator")));
    vertx.deployVerticle(coordinator).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static ClusterTls tls(Path dir, String name) {
    return new ClusterTls(
        dir.resolve("ca.pem"), dir.resolve(name + ".pem"), dir.resolve(name + "-key.pem"));
  }

  private Agent agent(String id, ClusterTls tls, int port) {
    AgentConfig local = AgentConfig.local(port, dir.resolve("agent-" + id));
    Agent agent =
        new Agent(
            new AgentConfig(
                id,
                "127.0.0.1",
                port,
                1,
                local.maxUsers(),
                local.snapshotInterval(),
                null,
                local.lease(),
                local.dataDir(),
                tls,
                local.secrets()));
    vertx.deployVerticle(agent, Agent.deploymentOptions()).await();
    return agent;
  }

  private List<String> agentIds() {
    return onCoordinator(() -> coordinator.agents().all().stream().map(AgentSession::id).toList());
  }

  private <T> T onCoordinator(java.util.concurrent.Callable<T> f) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    coordinator
        .context()
        .runOnContext(
            v -> {
              try {
                p.complete(f.call());
              } catch (Exception e) {
                p.fail(e);
              }
            });
    return p.future().await();
  }

  @Test
  void onlyAnAgentTheAuthorityAdmitsJoinsAndAConnectedIdCannotBeTakenOver() throws Exception {
    Agent a1 = agent("a1", tls(certs, "a1"), coordinator.grpcPort());
    a1.welcomed().await(10, TimeUnit.SECONDS);
    Agent fleetMember = agent("fleet-pod-7", tls(certs, "fleet"), coordinator.grpcPort());
    fleetMember.welcomed().await(10, TimeUnit.SECONDS);
    AgentSession first = onCoordinator(() -> coordinator.agents().get("a1").orElseThrow());

    // a certificate of another authority, none at all, or one that does not admit the id
    Agent foreign = agent("a1", tls(rogue, "a1"), coordinator.grpcPort());
    Agent plain = agent("a3", null, coordinator.grpcPort());
    Agent impostor = agent("a2", tls(certs, "a1"), coordinator.grpcPort());
    Agent prefix = agent("fleetx", tls(certs, "fleet"), coordinator.grpcPort());
    // the same id again, with the right certificate
    Agent twin = agent("a1", tls(certs, "a1"), coordinator.grpcPort());
    assertThat(twin.welcomed().toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .withMessageContaining("is connected");
    assertThat(impostor.welcomed().toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .withMessageContaining("does not admit the agent id a2");
    assertThat(prefix.welcomed().toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .withMessageContaining("does not admit the agent id fleetx");
    Thread.sleep(1_500); // the others retry every 500 ms meanwhile
    assertThat(foreign.welcomed().isComplete()).isFalse();
    assertThat(plain.welcomed().isComplete()).isFalse();

    assertThat(agentIds()).containsExactlyInAnyOrder("a1", "fleet-pod-7");
    assertThat(onCoordinator(() -> coordinator.agents().get("a1").orElseThrow())).isSameAs(first);
    assertThat(first.connected()).isTrue();
  }

  @Test
  void anAgentProcessesNothingFromACoordinatorItsAuthorityDidNotMakeOne() throws Exception {
    // two would-be coordinators: one with an agent's certificate of the right authority, one with
    // a coordinator's certificate of another; each would send a hello's answer and a plan
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger hellos = new AtomicInteger();
    int withAgentCert = rogueCoordinator(tls(certs, "fleet"), calls, hellos);
    int ofAnotherAuthority = rogueCoordinator(tls(rogue, "coordinator"), calls, hellos);
    Agent lured = agent("a1", tls(certs, "a1"), withAgentCert);
    Agent lured2 = agent("fleet-1", tls(certs, "fleet"), ofAnotherAuthority);
    Thread.sleep(3_000);
    assertThat(hellos.get()).as("hellos the rogues received").isZero();
    assertThat(lured.welcomed().isComplete()).isFalse();
    assertThat(lured2.welcomed().isComplete()).isFalse();
    assertThat(lured.localLog()).as("no run was prepared").isNull();
    // the same agents follow the real coordinator
    Agent real = agent("a1", tls(certs, "a1"), coordinator.grpcPort());
    real.welcomed().await(10, TimeUnit.SECONDS);
  }

  /** A gRPC server that answers every control stream with a welcome and a plan. */
  private int rogueCoordinator(ClusterTls tls, AtomicInteger calls, AtomicInteger hellos) {
    GrpcServer server = GrpcServer.server(vertx);
    server.callHandler(
        AgentServiceGrpc.CONTROL_SERVER,
        call -> {
          calls.incrementAndGet();
          call.response().write(ControlMessages.welcome(true, null, 1));
          call.response()
              .write(
                  ControlMessages.prepare("evil", "name: x", 0, 1000, "", List.of(1.0), List.of()));
          call.handler(
              m -> {
                if (m.hasHello()) {
                  hellos.incrementAndGet();
                }
              });
        });
    HttpServer http =
        vertx
            .createHttpServer(tls.server(new HttpServerOptions().setHost("127.0.0.1").setPort(0)))
            .requestHandler(server)
            .listen()
            .await();
    return http.actualPort();
  }
}
