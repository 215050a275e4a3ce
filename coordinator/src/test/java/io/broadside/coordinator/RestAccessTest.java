package io.broadside.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.coordinator.access.AccessTokens;
import io.broadside.coordinator.access.AuditLog;
import io.broadside.coordinator.access.RestSecurity;
import io.broadside.coordinator.access.Role;
import io.broadside.protocol.tls.ClusterCertificates;
import io.broadside.protocol.tls.ClusterTls;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who the REST API lets in, on a real coordinator over HTTP: tokens and roles, the checks against
 * forged browser requests (CSRF, DNS rebinding) that hold even on loopback, the refusal to serve
 * beyond loopback without tokens, and the audit log of every change.
 */
@ExtendWith(NoBlockedEventLoops.class)
class RestAccessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLAN =
      """
      name: access
      target: {name: sim, protocol: openai-chat, url: "http://user:secret@127.0.0.1:9/v1?key=k"}
      models: [m]
      load: {mode: closed, stages: [{name: s, duration: 60s, users: 1}]}
      """;
  private static final String HOOK_PLAN =
      """
      name: hooks
      target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:9}
      models: [m]
      load:
        mode: closed
        scale:
          create: {hook: [/bin/true], every: 5ms}
          ready: {probe: inference, interval: 100ms, timeout: 1s}
      """;

  @TempDir Path dir;
  Vertx vertx;
  WebClient web;
  Coordinator coordinator;
  String viewer;
  String operator;
  String admin;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private void startWithTokens() throws Exception {
    viewer = AccessTokens.newToken();
    operator = AccessTokens.newToken();
    admin = AccessTokens.newToken();
    Path tokens = dir.resolve("tokens");
    Files.write(
        tokens,
        List.of(
            "# name role hash",
            AccessTokens.line("grafana", Role.VIEWER, viewer),
            AccessTokens.line("ci", Role.OPERATOR, operator),
            AccessTokens.line("alice", Role.ADMIN, admin)));
    assertThat(Files.readString(tokens)).doesNotContain(viewer, operator, admin);
    deploy(
        CoordinatorConfig.defaults()
            .withAllowHooks(true)
            .withSecurity(new RestSecurity(AccessTokens.read(tokens), null, null, false)));
  }

  private void deploy(CoordinatorConfig config) {
    coordinator =
        new Coordinator(
            config
                .withPorts(0, 0)
                .withDataDir(dir.resolve("runs"))
                .withTiming(Duration.ofSeconds(2), Duration.ofMillis(50)));
    vertx.deployVerticle(coordinator).await();
  }

  private HttpRequest<Buffer> request(
      io.vertx.core.http.HttpMethod method, String path, String token) {
    HttpRequest<Buffer> r = web.request(method, coordinator.httpPort(), "127.0.0.1", path);
    if (token != null) {
      r.putHeader("Authorization", "Bearer " + token);
    }
    return r;
  }

  private HttpResponse<Buffer> launch(String token, String plan) {
    return request(HttpMethod.POST, "/api/v1/runs", token)
        .putHeader("Content-Type", "application/yaml")
        .sendBuffer(Buffer.buffer(plan))
        .await();
  }

  private long runDirectories() throws Exception {
    return LocalCoordinators.runDirectories(dir.resolve("runs"));
  }

  /** The audit log once it has {@code lines} lines (written on a worker after each answer). */
  private List<JsonNode> audit(int lines) throws Exception {
    Path log = dir.resolve("runs").resolve(AuditLog.FILE);
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<String> read = List.of();
    while (System.nanoTime() < deadline) {
      read = Files.exists(log) ? Files.readAllLines(log) : List.of();
      if (read.size() >= lines) {
        break;
      }
      Thread.sleep(20);
    }
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String l : read) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  @Test
  void withoutATokenNothingIsLaunchedAndAViewerChangesNothing() throws Exception {
    startWithTokens();
    HttpResponse<Buffer> anonymous = launch(null, PLAN);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(launch("bsd_not-a-token", PLAN).statusCode()).isEqualTo(401);
    assertThat(runDirectories()).isZero();
    assertThat(request(HttpMethod.GET, "/api/v1/runs", null).send().await().statusCode())
        .isEqualTo(401);
    assertThat(request(HttpMethod.GET, "/metrics", null).send().await().statusCode())
        .isEqualTo(401);
    // probes need no token
    assertThat(request(HttpMethod.GET, "/health", null).send().await().statusCode()).isEqualTo(200);

    HttpResponse<Buffer> byViewer = launch(viewer, PLAN);
    assertThat(byViewer.statusCode()).isEqualTo(403);
    assertThat(byViewer.bodyAsJsonObject().getString("error")).contains("operator");
    assertThat(runDirectories()).isZero();

    HttpResponse<Buffer> created = launch(operator, PLAN);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String id = created.bodyAsJsonObject().getString("id");
    assertThat(request(HttpMethod.GET, "/api/v1/runs/" + id, viewer).send().await().statusCode())
        .isEqualTo(200);
    assertThat(request(HttpMethod.GET, "/metrics", viewer).send().await().statusCode())
        .isEqualTo(200);
    assertThat(
            request(HttpMethod.POST, "/api/v1/runs/" + id + "/stop", viewer)
                .send()
                .await()
                .statusCode())
        .isEqualTo(403);
    assertThat(
            request(HttpMethod.POST, "/api/v1/runs/" + id + "/upload", viewer)
                .sendJsonObject(
                    new JsonObject().put("url", "s3://b/p").put("endpoint", "http://127.0.0.1:9"))
                .await()
                .statusCode())
        .isEqualTo(403);
    assertThat(request(HttpMethod.DELETE, "/api/v1/runs/" + id, viewer).send().await().statusCode())
        .isEqualTo(403);
    assertThat(
            request(HttpMethod.DELETE, "/api/v1/runs/" + id, operator).send().await().statusCode())
        .isEqualTo(403);
    assertThat(
            request(HttpMethod.POST, "/api/v1/runs/" + id + "/stop", operator)
                .send()
                .await()
                .statusCode())
        .isEqualTo(202);
    assertThat(request(HttpMethod.DELETE, "/api/v1/runs/" + id, admin).send().await().statusCode())
        .isEqualTo(204);
    assertThat(runDirectories()).isZero();

    // a plan that runs commands on this host needs an admin, even where hooks are allowed
    HttpResponse<Buffer> hooks = launch(operator, HOOK_PLAN);
    assertThat(hooks.statusCode()).as(hooks.bodyAsString()).isEqualTo(403);
    assertThat(hooks.bodyAsString()).contains("admin");

    List<JsonNode> audit = audit(11);
    assertThat(audit)
        .extracting(
            e ->
                e.path("action").asText()
                    + " "
                    + e.path("who").asText()
                    + " "
                    + e.path("status").asInt())
        .containsExactly(
            "launch anonymous 401",
            "launch anonymous 401",
            "launch grafana 403",
            "launch ci 201",
            "stop grafana 403",
            "upload grafana 403",
            "delete grafana 403",
            "delete ci 403",
            "stop ci 202",
            "delete alice 204",
            "launch ci 403");
    JsonNode launched = audit.get(3);
    assertThat(launched.path("run").asText()).isEqualTo(id);
    assertThat(launched.path("role").asText()).isEqualTo("operator");
    assertThat(launched.path("from").asText()).isEqualTo("127.0.0.1");
    // where the load went, without the URL's user information or query
    assertThat(launched.path("target").asText()).isEqualTo("http://127.0.0.1:9/v1");
    assertThat(Files.readString(dir.resolve("runs").resolve(AuditLog.FILE)))
        .doesNotContain("secret", "key=k", viewer, operator, admin);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("runs").resolve(AuditLog.FILE))))
        .isEqualTo("rw-------");
  }

  @Test
  void onLoopbackWithoutTokensABrowserCannotBeMadeToChangeAnything() throws Exception {
    deploy(CoordinatorConfig.defaults());
    // a form post, a text/plain fetch, a multipart upload: none is a plan
    for (String type :
        List.of(
            "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x")) {
      HttpResponse<Buffer> r =
          request(HttpMethod.POST, "/api/v1/runs", null)
              .putHeader("Content-Type", type)
              .sendBuffer(
                  Buffer.buffer(
                      type.startsWith("multipart")
                          ? "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n"
                              + PLAN
                              + "\r\n--x--\r\n"
                          : PLAN))
              .await();
      assertThat(r.statusCode()).as(type).isEqualTo(415);
    }
    HttpResponse<Buffer> untyped =
        request(HttpMethod.POST, "/api/v1/runs", null).sendBuffer(Buffer.buffer(PLAN)).await();
    assertThat(untyped.statusCode()).isEqualTo(415);
    // a page of another origin, even with the right type
    HttpResponse<Buffer> foreign =
        request(HttpMethod.POST, "/api/v1/runs", null)
            .putHeader("Content-Type", "application/json")
            .putHeader("Origin", "http://evil.example")
            .sendBuffer(Buffer.buffer("{}"))
            .await();
    assertThat(foreign.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> crossSite =
        request(HttpMethod.DELETE, "/api/v1/runs/x", null)
            .putHeader("Sec-Fetch-Site", "cross-site")
            .send()
            .await();
    assertThat(crossSite.statusCode()).isEqualTo(403);
    // a name rebound to 127.0.0.1 (DNS rebinding): the page's own origin, a foreign Host
    assertThat(rawGet("/api/v1/runs", "evil.example:" + coordinator.httpPort()))
        .startsWith("HTTP/1.1 403");
    assertThat(rawGet("/api/v1/runs", "localhost:" + coordinator.httpPort()))
        .startsWith("HTTP/1.1 200");
    assertThat(runDirectories()).isZero();
    assertThat(dir.resolve("file-uploads")).doesNotExist();
    assertThat(Path.of("file-uploads")).doesNotExist();

    // the same origin, a plan's type: in
    HttpResponse<Buffer> own =
        request(HttpMethod.POST, "/api/v1/runs", null)
            .putHeader("Content-Type", "application/yaml; charset=utf-8")
            .putHeader("Origin", "http://127.0.0.1:" + coordinator.httpPort())
            .sendBuffer(Buffer.buffer(PLAN))
            .await();
    assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(201);
    assertThat(own.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    String id = own.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> report =
        request(HttpMethod.GET, "/api/v1/runs/" + id + "/report", null).send().await();
    assertThat(report.getHeader("Content-Security-Policy"))
        .startsWith("default-src 'none'; script-src 'sha256-")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe");
    assertThat(report.bodyAsString()).contains("<meta http-equiv=\"Content-Security-Policy\"");
    assertThat(report.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  /** The status line and headers of a GET sent with {@code host} in its Host header. */
  private String rawGet(String path, String host) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", coordinator.httpPort())) {
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void beyondLoopbackItRefusesToStartWithoutTokensOrMutualTls() throws Exception {
    CoordinatorConfig open =
        CoordinatorConfig.defaults()
            .withHost("0.0.0.0")
            .withPorts(0, 0)
            .withDataDir(dir.resolve("runs"));
    assertThat(deployFails(open)).contains("without mutual TLS").contains("--insecure-no-auth");
    Path certs = dir.resolve("certs");
    ClusterCertificates ca = ClusterCertificates.newAuthority("t", Duration.ofDays(1));
    ca.write(certs);
    ca.issue("coordinator", ClusterTls.COORDINATOR, List.of(), Duration.ofDays(1)).write(certs);
    CoordinatorConfig agentsSecured =
        open.withClusterTls(
            new ClusterTls(
                certs.resolve("ca.pem"),
                certs.resolve("coordinator.pem"),
                certs.resolve("coordinator-key.pem")));
    assertThat(deployFails(agentsSecured))
        .contains("without tokens")
        .contains("--insecure-no-auth");
  }

  private String deployFails(CoordinatorConfig config) {
    Throwable failure =
        vertx
            .deployVerticle(new Coordinator(config))
            .toCompletionStage()
            .toCompletableFuture()
            .handle((ok, e) -> e)
            .join();
    assertThat(failure).as("the deployment failed").isNotNull();
    return failure.getMessage();
  }
}
