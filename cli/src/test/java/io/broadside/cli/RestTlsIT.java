package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator process secured as the README says: {@code broadside certs} makes the cluster's
 * authority and the coordinator's certificate, {@code broadside token} the tokens (their hashes in
 * the tokens file), and {@code broadside coordinator} serves its REST API over TLS to token holders
 * only; beyond loopback without tokens it does not start.
 */
class RestTlsIT {
  @TempDir Path dir;
  Vertx vertx;
  Process coordinator;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (coordinator != null) {
      coordinator.destroy();
      coordinator.waitFor(10, TimeUnit.SECONDS);
      coordinator.destroyForcibly();
    }
    vertx.close().await();
  }

  @Test
  void servesTokenHoldersOverTlsOnly() throws Exception {
    Path certs = dir.resolve("certs");
    Path tokens = dir.resolve("tokens");
    assertThat(Main.execute("certs", "--dir", certs.toString(), "--host", "coord.example"))
        .isZero();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(certs.resolve("ca-key.pem"))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(certs.resolve("coordinator-key.pem"))))
        .isEqualTo("rw-------");
    // the token goes to stdout once; the file keeps its hash
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      assertThat(
              Main.execute(
                  "token", "--name", "ops", "--role", "operator", "--tokens", tokens.toString()))
          .isZero();
    } finally {
      System.setOut(out);
    }
    String operator = printed.toString(StandardCharsets.UTF_8).strip();
    assertThat(operator).startsWith("bsd_");
    Path viewerFile = dir.resolve("viewer.token");
    assertThat(
            Main.execute(
                "token",
                "--name",
                "grafana",
                "--role",
                "viewer",
                "--tokens",
                tokens.toString(),
                "--out",
                viewerFile.toString()))
        .isZero();
    String viewer = Files.readString(viewerFile).strip();
    assertThat(Files.readString(tokens))
        .doesNotContain(operator, viewer)
        .contains("ops operator sha256:");
    // a second token of the same name is refused
    assertThat(
            Main.execute(
                "token", "--name", "ops", "--role", "admin", "--tokens", tokens.toString()))
        .isEqualTo(ExitCode.INVALID_INPUT);

    int port = freePort();
    Path log = dir.resolve("coordinator.out");
    coordinator =
        process(
            log,
            "coordinator",
            "--port",
            String.valueOf(port),
            "--grpc-port",
            String.valueOf(freePort()),
            "--data",
            dir.resolve("runs").toString(),
            "--tokens",
            tokens.toString(),
            "--tls-cert",
            certs.resolve("coordinator.pem").toString(),
            "--tls-key",
            certs.resolve("coordinator-key.pem").toString());
    awaitLine(log, "coordinator: REST https://");

    WebClient trusting =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setSsl(true)
                .setTrustOptions(
                    new PemTrustOptions().addCertPath(certs.resolve("ca.pem").toString()))
                .setVerifyHost(true));
    HttpResponse<Buffer> anonymous = trusting.get(port, "localhost", "/api/v1/runs").send().await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> read =
        trusting
            .get(port, "localhost", "/api/v1/runs")
            .putHeader("Authorization", "Bearer " + viewer)
            .send()
            .await();
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsString()).isEqualTo("[]");
    HttpResponse<Buffer> launched =
        trusting
            .post(port, "localhost", "/api/v1/runs")
            .putHeader("Authorization", "Bearer " + viewer)
            .putHeader("Content-Type", "application/yaml")
            .sendBuffer(Buffer.buffer("name: x"))
            .await();
    assertThat(launched.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> invalid =
        trusting
            .post(port, "localhost", "/api/v1/runs")
            .putHeader("Authorization", "Bearer " + operator)
            .putHeader("Content-Type", "application/yaml")
            .sendBuffer(Buffer.buffer("name: x"))
            .await();
    assertThat(invalid.statusCode()).isEqualTo(400);

    // a client that does not trust the cluster's authority gets no answer, nor one in plain HTTP
    WebClient untrusting = WebClient.create(vertx, new WebClientOptions().setSsl(true));
    assertThatThrownBy(() -> untrusting.get(port, "localhost", "/health").send().await())
        .hasStackTraceContaining("certification path");
    WebClient plain = WebClient.create(vertx);
    assertThatThrownBy(
            () ->
                plain.get(port, "127.0.0.1", "/health").timeout(5_000).send().await().statusCode())
        .isNotNull();
    // the log tells the tokens' count, never a token
    assertThat(Files.readString(log)).contains("2 token(s)").doesNotContain(operator, viewer);
  }

  @Test
  void beyondLoopbackWithoutMutualTlsItDoesNotStart() throws Exception {
    Path log = dir.resolve("open.out");
    Process open =
        process(
            log,
            "coordinator",
            "--bind",
            "0.0.0.0",
            "--advertise",
            "127.0.0.1",
            "--port",
            String.valueOf(freePort()),
            "--grpc-port",
            String.valueOf(freePort()),
            "--hz-port",
            String.valueOf(freePort()),
            "--data",
            dir.resolve("runs").toString());
    assertThat(open.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(open.exitValue()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(Files.readString(log)).contains("without mutual TLS", "--insecure-no-auth");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Process process(Path log, String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar = Path.of("target", "broadside.jar").toAbsolutePath().toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private void awaitLine(Path log, String text) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      assertThat(coordinator.isAlive()).as(Files.exists(log) ? Files.readString(log) : "").isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + text + "' in " + Files.readString(log));
  }
}
