package io.broadside.agent.client.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.agent.client.ExchangeListener;
import io.broadside.agent.client.TargetClient;
import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.client.protocols.PreparedTarget;
import io.broadside.agent.client.protocols.TargetClients;
import io.broadside.common.plan.Auth;
import io.broadside.common.plan.Target;
import io.broadside.common.plan.TargetProtocol;
import io.broadside.common.plan.Tls;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.testing.DebianTools;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/1.1 and HTTP/2 (h2c with prior knowledge, and TLS with ALPN), the plan's TLS options (a
 * trusted CA file, a client certificate for mutual TLS, trust-all only when asked) and gRPC over
 * TLS, against the simulator behind a TLS front whose certificates openssl makes for the test.
 */
@ExtendWith(NoBlockedEventLoops.class)
class TlsAndHttp2Test {
  @TempDir static Path certs;
  static Path serverCert;
  static Path serverKey;
  static Path clientCert;
  static Path clientKey;

  Vertx vertx;
  Context context;
  Simulator sim;

  @BeforeAll
  static void makeCertificates() throws Exception {
    serverCert = certs.resolve("server.pem");
    serverKey = certs.resolve("server.key");
    clientCert = certs.resolve("client.pem");
    clientKey = certs.resolve("client.key");
    openssl(serverCert, serverKey, "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost");
    openssl(clientCert, clientKey, "/CN=broadside-agent", "subjectAltName=DNS:broadside-agent");
  }

  private static void openssl(Path cert, Path key, String subject, String san) throws Exception {
    Process p =
        new ProcessBuilder(
                DebianTools.require("openssl").toString(),
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "1",
                "-subj",
                subject,
                "-addext",
                san,
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    sim =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults()
                    .withFamily(Family.GRPC, 0)
                    .withEphemeralPorts()
                    .withPreset(GpuPreset.INSTANT))
            .await();
  }

  @AfterEach
  void stop() {
    sim.close().await();
    vertx.close().await();
  }

  @Test
  void http11OverTlsTrustsTheCaFileOfThePlan() {
    TlsProxy front = front(null);
    Answer a = ask(https(front, false, new Tls(serverCert, null, null, false, null)));

    assertThat(a.errorClass).as(a.detail).isNull();
    assertThat(a.tokens).isPositive();
    assertThat(front.http2Preface).containsOnly(false);
  }

  @Test
  void http2IsNegotiatedByAlpnOverTls() {
    TlsProxy front = front(null);
    Answer a = ask(https(front, true, new Tls(serverCert, null, null, false, null)));

    assertThat(a.errorClass).as(a.detail).isNull();
    assertThat(front.http2Preface).as("HTTP/2 inside TLS").containsOnly(true);
  }

  @Test
  void h2cSpeaksHttp2WithPriorKnowledge() {
    TlsProxy sniffer = started(new TlsProxy(vertx, sim.port(Family.OPENAI), null, null, null));
    Target target =
        target(TargetProtocol.OPENAI_CHAT, "http://127.0.0.1:" + port(sniffer), true, Tls.DEFAULT);

    Answer a = ask(target);

    assertThat(a.errorClass).as(a.detail).isNull();
    assertThat(sniffer.http2Preface).containsOnly(true);
  }

  @Test
  void theBearerTokenFileAndThePlansHeadersGoWithEveryRequest() throws Exception {
    Path token = certs.resolve("token");
    Files.writeString(token, "s3cr3t-token\n");
    TlsProxy sniffer = started(new TlsProxy(vertx, sim.port(Family.OPENAI), null, null, null));
    Target target =
        new Target(
            "auth",
            TargetProtocol.OPENAI_CHAT,
            URI.create("http://127.0.0.1:" + port(sniffer)),
            true,
            Duration.ofSeconds(5),
            new Auth.Bearer(null, token),
            Map.of("X-Tenant", "team-a"),
            false,
            Tls.DEFAULT,
            null,
            null,
            List.of());

    Answer a = ask(target);

    assertThat(a.errorClass).as(a.detail).isNull();
    assertThat(sniffer.firstBytes.get(0))
        .containsIgnoringCase("authorization: Bearer s3cr3t-token\r\n")
        .containsIgnoringCase("x-tenant: team-a\r\n");
  }

  @Test
  void basicAuthIsReadFromTheEnvironmentVariablesThePlanNames() {
    TlsProxy sniffer = started(new TlsProxy(vertx, sim.port(Family.OPENAI), null, null, null));
    Target target =
        new Target(
            "basic",
            TargetProtocol.OPENAI_CHAT,
            URI.create("http://127.0.0.1:" + port(sniffer)),
            true,
            Duration.ofSeconds(5),
            new Auth.Basic("BROADSIDE_TEST_USER", "BROADSIDE_TEST_PASSWORD"),
            Map.of(),
            false,
            Tls.DEFAULT,
            null,
            null,
            List.of());

    Answer a = ask(target);

    String credentials =
        Base64.getEncoder()
            .encodeToString("perf-engineer:not-a-real-password".getBytes(StandardCharsets.UTF_8));
    assertThat(a.errorClass).as(a.detail).isNull();
    assertThat(sniffer.firstBytes.get(0))
        .containsIgnoringCase("authorization: Basic " + credentials + "\r\n");
  }

  @Test
  void mutualTlsSendsTheClientCertificateAndFailsWithoutOne() {
    TlsProxy front = front(clientCert);

    Answer with = ask(https(front, false, new Tls(serverCert, clientCert, clientKey, false, null)));
    Answer without = ask(https(front, false, new Tls(serverCert, null, null, false, null)));

    assertThat(with.errorClass).as(with.detail).isNull();
    assertThat(without.errorClass).isIn("connect", "protocol");
  }

  @Test
  void anUntrustedServerFailsUnlessThePlanSaysInsecure() {
    TlsProxy front = front(null);

    Answer untrusted = ask(https(front, false, Tls.DEFAULT));
    Answer insecure = ask(https(front, false, new Tls(null, null, null, true, null)));

    assertThat(untrusted.errorClass).isEqualTo("connect");
    assertThat(untrusted.detail).contains("SSL");
    assertThat(insecure.errorClass).as(insecure.detail).isNull();
  }

  @Test
  void grpcRunsOverTlsWithAlpn() {
    TlsProxy front =
        started(new TlsProxy(vertx, sim.port(Family.GRPC), serverCert, serverKey, null));
    Target target =
        target(
            TargetProtocol.TGIS,
            "https://127.0.0.1:" + port(front),
            false,
            new Tls(serverCert, null, null, false, null));

    Answer a = ask(target);

    assertThat(a.errorClass).as(a.detail).isNull();
    assertThat(a.tokens).isPositive();
    assertThat(front.http2Preface).containsOnly(true);
  }

  // ---- fixtures

  private final Map<TlsProxy, Integer> ports = new IdentityHashMap<>();

  private TlsProxy front(Path clientCa) {
    return started(new TlsProxy(vertx, sim.port(Family.OPENAI), serverCert, serverKey, clientCa));
  }

  private TlsProxy started(TlsProxy proxy) {
    ports.put(proxy, proxy.start().await());
    return proxy;
  }

  private int port(TlsProxy proxy) {
    return ports.get(proxy);
  }

  private Target https(TlsProxy front, boolean http2, Tls tls) {
    return target(TargetProtocol.OPENAI_CHAT, "https://127.0.0.1:" + port(front), http2, tls);
  }

  private static Target target(TargetProtocol protocol, String url, boolean http2, Tls tls) {
    return new Target(
        "tls",
        protocol,
        URI.create(url),
        true,
        Duration.ofSeconds(5),
        null,
        Map.of(),
        http2,
        tls,
        null,
        null,
        List.of());
  }

  record Answer(String errorClass, String detail, int tokens) {}

  private Answer ask(Target target) {
    // the token file lies with the certificates: this agent's secret folder
    PreparedTarget prepared =
        PreparedTarget.prepare(
            target,
            1,
            new io.broadside.agent.client.SecretSources(
                io.broadside.agent.client.SecretSources.DEFAULT_PREFIX, certs));
    Promise<Answer> answer = Promise.promise();
    context.runOnContext(
        v -> {
          TargetClient client = TargetClients.create(vertx, prepared, null);
          client.send(
              new TargetRequest("llama-2-7b", "hello there", null, 4, 2),
              new ExchangeListener() {
                int tokens;

                @Override
                public void sent(long nanos) {}

                @Override
                public void chunk(long nanos, int t, boolean hasChoices) {
                  tokens += t;
                }

                @Override
                public void done(long nanos, Usage usage, boolean streamed) {
                  client.close();
                  answer.tryComplete(new Answer(null, null, tokens));
                }

                @Override
                public void failed(long nanos, String errorClass, String detail) {
                  client.close();
                  answer.tryComplete(new Answer(errorClass, detail, 0));
                }
              });
        });
    try {
      return answer.future().await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer in 10 s", e);
    }
  }
}
