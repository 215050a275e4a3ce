package io.broadside.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.plan.PlanBundle;
import io.broadside.coordinator.access.AccessTokens;
import io.broadside.coordinator.access.RestSecurity;
import io.broadside.coordinator.access.Role;
import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.PlanFile;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan sent with its files (a zip archive) on a real coordinator over HTTP and gRPC: kept in the
 * run's directory, named by hash in each agent's prepare, and served over gRPC to an agent of that
 * run only; an archive that leaves its folder makes no run. Also: validation with lines, the live
 * event stream resumed with Last-Event-ID, and the console's login cookie.
 */
@ExtendWith(NoBlockedEventLoops.class)
class PlanBundleRestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROMPTS = "{\"prompt\": \"tell me about the sea\"}\n";
  private static final String PLAN =
      """
      name: bundled
      target: {name: sim, protocol: openai-completions, url: http://127.0.0.1:9}
      models: [m-1]
      dataset: {file: data/prompts.jsonl}
      load: {mode: closed, stages: [{duration: 60s, users: 1}]}
      """;

  @TempDir Path dir;
  Vertx vertx;
  WebClient web;
  Coordinator coordinator;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private void deploy(CoordinatorConfig config) {
    coordinator = LocalCoordinators.deploy(vertx, config.withDataDir(dir.resolve("runs")));
  }

  private static byte[] zip(String... namesAndContents) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndContents[i]));
        zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private HttpResponse<Buffer> post(String path, String type, byte[] body) {
    return web.post(coordinator.httpPort(), "127.0.0.1", path)
        .putHeader("Content-Type", type)
        .sendBuffer(Buffer.buffer(body))
        .await();
  }

  @Test
  void aBundleIsKeptAndItsFilesGoByHashToTheRunsAgentsOnly() throws Exception {
    deploy(CoordinatorConfig.defaults());
    // the agent's gRPC calls share its one HTTP/2 connection, as a real agent's do
    var http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    GrpcClient grpc = GrpcClient.client(vertx, http);
    SocketAddress at = SocketAddress.inetSocketAddress(coordinator.grpcPort(), "127.0.0.1");
    ScriptedAgent agent = new ScriptedAgent(vertx, coordinator.grpcPort());
    agent.hello("a1", AgentServiceGrpc.PROTOCOL_VERSION);

    HttpResponse<Buffer> r =
        post(
            "/api/v1/runs",
            "application/zip",
            zip("plan.yaml", PLAN, "data/prompts.jsonl", PROMPTS));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    String id = r.bodyAsJsonObject().getString("id");
    Path runDir = dir.resolve("runs").resolve(id);
    assertThat(runDir.resolve("bundle/data/prompts.jsonl")).hasContent(PROMPTS);
    assertThat(runDir.resolve("plan.yaml")).hasContent(PLAN);
    CoordinatorMessage prepare = agent.next();
    assertThat(prepare.getPrepare().getFilesList())
        .extracting(PlanFile::getPath, PlanFile::getSize)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("data/prompts.jsonl", (long) PROMPTS.length()));
    String sha = prepare.getPrepare().getFiles(0).getSha256();
    assertThat(sha).isEqualTo(PlanBundle.sha256(runDir.resolve("bundle/data/prompts.jsonl")));

    // a connection that said no hello, and a hash the plan does not name, get nothing
    assertThat(ScriptedAgent.fetch(grpc, at, id, sha)).isEqualTo(GrpcStatus.NOT_FOUND);
    assertThat(ScriptedAgent.fetch(grpc, at, id, "0".repeat(64))).isEqualTo(GrpcStatus.NOT_FOUND);
    agent.close();
  }

  @Test
  void theAgentOfTheRunGetsTheFileByHash() throws Exception {
    deploy(CoordinatorConfig.defaults());
    ScriptedAgent agent = new ScriptedAgent(vertx, coordinator.grpcPort());
    agent.hello("a1", AgentServiceGrpc.PROTOCOL_VERSION);
    HttpResponse<Buffer> r =
        post(
            "/api/v1/runs",
            "application/zip",
            zip("plan.yaml", PLAN, "data/prompts.jsonl", PROMPTS));
    String id = r.bodyAsJsonObject().getString("id");
    String sha = agent.next().getPrepare().getFiles(0).getSha256();
    assertThat(agent.fetch(id, sha)).isEqualTo(PROMPTS);
    assertThat(agent.fetch(id, "f".repeat(64))).isEqualTo(GrpcStatus.NOT_FOUND);
    agent.close();
  }

  @Test
  void anArchiveThatLeavesItsFolderOrHasNoPlanMakesNoRun() throws Exception {
    deploy(CoordinatorConfig.defaults());
    HttpResponse<Buffer> escape =
        post("/api/v1/runs", "application/zip", zip("plan.yaml", PLAN, "../../escape", "x"));
    assertThat(escape.statusCode()).isEqualTo(400);
    assertThat(escape.bodyAsString()).contains("the archive's entry '../../escape'");
    HttpResponse<Buffer> missing = post("/api/v1/runs", "application/zip", zip("plan.yaml", PLAN));
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("path"))
        .isEqualTo("$.dataset.file");
    assertThat(missing.bodyAsString()).doesNotContain(dir.toString());
    // where the entry would land, had it been written: beside the run directories
    assertThat(dir.resolve("runs/escape")).doesNotExist();
    assertThat(dir.resolve("escape")).doesNotExist();
    assertThat(LocalCoordinators.runDirectories(dir.resolve("runs"))).isZero();
    try (var incoming = Files.list(dir.resolve("runs/.incoming"))) {
      assertThat(incoming).as("archives are deleted once read").isEmpty();
    }
  }

  @Test
  void validateGivesEveryProblemWithItsPathAndLine() throws Exception {
    deploy(CoordinatorConfig.defaults());
    HttpResponse<Buffer> r =
        post(
            "/api/v1/validate",
            "application/yaml",
            """
            name: v
            target: {protocol: openai-chat, url: http://127.0.0.1:9}
            models: [m]
            load:
              mode: closed
              stages:
                - {duration: 0s, users: 1}
            """
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.bodyAsString());
    assertThat(body.path("valid").asBoolean()).isFalse();
    JsonNode p = body.path("problems").get(0);
    assertThat(p.path("path").asText()).isEqualTo("$.load.stages[0].duration");
    assertThat(p.path("line").asInt()).isEqualTo(7);
    assertThat(LocalCoordinators.runDirectories(dir.resolve("runs"))).isZero();
    HttpResponse<Buffer> ok =
        post(
            "/api/v1/validate",
            "application/zip",
            zip("plan.yaml", PLAN, "data/prompts.jsonl", PROMPTS));
    assertThat(ok.bodyAsJsonObject().getBoolean("valid")).as(ok.bodyAsString()).isTrue();
    // valid, but every request would go to the protocol's path twice: a warning at its line
    HttpResponse<Buffer> twice =
        post(
            "/api/v1/validate",
            "application/yaml",
            """
            name: v
            models: [m]
            target: {protocol: openai-chat, url: 'http://127.0.0.1:9/v1/chat/completions'}
            load: {mode: closed, stages: [{duration: 1s, users: 1}]}
            """
                .getBytes(StandardCharsets.UTF_8));
    JsonNode warned = JSON.readTree(twice.bodyAsString());
    assertThat(warned.path("valid").asBoolean()).isTrue();
    assertThat(warned.path("warnings").get(0).path("path").asText()).isEqualTo("$.target.url");
    assertThat(warned.path("warnings").get(0).path("line").asInt()).isEqualTo(3);
    assertThat(warned.path("warnings").get(0).path("message").asText())
        .contains("give the server's base URL (http://127.0.0.1:9)");
  }

  @Test
  void theEventStreamResumesAfterTheLastIdItSent() throws Exception {
    deploy(CoordinatorConfig.defaults().withSnapshotInterval(Duration.ofMillis(100)));
    HttpResponse<Buffer> r =
        post(
            "/api/v1/runs",
            "application/zip",
            zip("plan.yaml", PLAN, "data/prompts.jsonl", PROMPTS));
    String id = r.bodyAsJsonObject().getString("id");
    Thread.sleep(500); // a few intervals waiting for an agent: progress events
    web.post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs/" + id + "/stop")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{}"))
        .await();
    String all = events(id, null);
    List<Long> ids = ids(all);
    assertThat(all).contains("event: progress").contains("waiting for agents");
    assertThat(all.substring(all.lastIndexOf("id: ")))
        .contains("event: end")
        .contains("\"status\":\"stopped\"");
    assertThat(ids).isSorted().doesNotHaveDuplicates().hasSizeGreaterThan(3);
    long middle = ids.get(ids.size() / 2);
    List<Long> resumed = ids(events(id, middle));
    assertThat(resumed).isEqualTo(ids.subList(ids.indexOf(middle) + 1, ids.size()));
  }

  private String events(String id, Long lastId) {
    var req = web.get(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs/" + id + "/events");
    if (lastId != null) {
      req.putHeader("Last-Event-ID", Long.toString(lastId));
    }
    HttpResponse<Buffer> r = req.send().await();
    assertThat(r.getHeader("Content-Type")).startsWith("text/event-stream");
    return r.bodyAsString();
  }

  private static List<Long> ids(String stream) {
    return stream
        .lines()
        .filter(l -> l.startsWith("id: "))
        .map(l -> Long.parseLong(l.substring(4)))
        .toList();
  }

  @Test
  void aTokenBecomesAnHttpOnlyStrictSessionCookieUntilLogout() throws Exception {
    String token = AccessTokens.newToken();
    Path tokens = dir.resolve("tokens");
    Files.write(tokens, List.of(AccessTokens.line("alice", Role.OPERATOR, token)));
    deploy(
        CoordinatorConfig.defaults()
            .withSecurity(new RestSecurity(AccessTokens.read(tokens), null, null, false)));
    int port = coordinator.httpPort();

    HttpResponse<Buffer> anonymous = web.get(port, "127.0.0.1", "/api/v1/session").send().await();
    assertThat(anonymous.statusCode()).as(anonymous.bodyAsString()).isEqualTo(200);
    assertThat(anonymous.bodyAsJsonObject().getBoolean("authenticated"))
        .as(anonymous.bodyAsString())
        .isFalse();
    assertThat(web.get(port, "127.0.0.1", "/").send().await().statusCode())
        .as("the console's page needs no token")
        .isEqualTo(200);
    HttpResponse<Buffer> wrong =
        web.post(port, "127.0.0.1", "/api/v1/session")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer("{\"token\": \"bsd_nope\"}"))
            .await();
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.cookies()).isEmpty();

    HttpResponse<Buffer> login =
        web.post(port, "127.0.0.1", "/api/v1/session")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer("{\"token\": \"" + token + "\"}"))
            .await();
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.bodyAsJsonObject().getString("role")).isEqualTo("operator");
    String cookie = login.cookies().get(0);
    assertThat(cookie)
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Strict")
        .doesNotContain(token);
    String session = cookie.substring(0, cookie.indexOf(';'));

    assertThat(
            web.get(port, "127.0.0.1", "/api/v1/runs")
                .putHeader("Cookie", session)
                .send()
                .await()
                .statusCode())
        .isEqualTo(200);
    assertThat(web.get(port, "127.0.0.1", "/api/v1/runs").send().await().statusCode())
        .isEqualTo(401);
    // an operator's cookie may not delete (admin), and a form from another origin may not act
    assertThat(
            web.delete(port, "127.0.0.1", "/api/v1/runs/x")
                .putHeader("Cookie", session)
                .send()
                .await()
                .statusCode())
        .isEqualTo(403);
    assertThat(
            web.post(port, "127.0.0.1", "/api/v1/runs")
                .putHeader("Cookie", session)
                .putHeader("Origin", "http://evil.example")
                .putHeader("Content-Type", "application/yaml")
                .sendBuffer(Buffer.buffer(PLAN))
                .await()
                .statusCode())
        .isEqualTo(403);

    assertThat(
            web.delete(port, "127.0.0.1", "/api/v1/session")
                .putHeader("Cookie", session)
                .send()
                .await()
                .statusCode())
        .isEqualTo(204);
    assertThat(
            web.get(port, "127.0.0.1", "/api/v1/runs")
                .putHeader("Cookie", session)
                .send()
                .await()
                .statusCode())
        .isEqualTo(401);
  }
}
