package io.broadside.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a plan sent over the REST API may name, on a real coordinator: only inside its {@code
 * --plan-root}, never in its data folder, none without a plan root; a refused plan makes no run,
 * and its 400 holds neither a line of the file nor an absolute path.
 */
@ExtendWith(NoBlockedEventLoops.class)
class PlanFilesRestTest {
  private static final String SECRET = "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG";
  private static final String PLAN =
      """
      name: files
      target: {name: sim, protocol: openai-chat, url: http://127.0.0.1:9}
      models: [m-1]
      load:
        mode: closed
        scale:
          create: {timestamps: '%s'}
          ready: {probe: inference, interval: 100ms, timeout: 1s}
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

  private void deploy(Path planRoot, Path dataDir) {
    coordinator =
        LocalCoordinators.deploy(
            vertx, CoordinatorConfig.defaults().withDataDir(dataDir).withPlanRoot(planRoot));
  }

  private HttpResponse<Buffer> launch(String timestamps) {
    return LocalCoordinators.launch(web, coordinator, PLAN.formatted(timestamps));
  }

  private static long runDirectories(Path data) throws Exception {
    return LocalCoordinators.runDirectories(data);
  }

  @Test
  void outsideThePlanRootNothingIsReadAndNothingComesBack() throws Exception {
    Path root = Files.createDirectories(dir.resolve("plans"));
    // the data folder inside the plan root: its files stay out of reach all the same
    Path data = root.resolve("runs");
    deploy(root, data);
    Files.writeString(root.resolve("created.csv"), "m-1,2026-12-01T00:00:00Z\n");
    Files.writeString(dir.resolve("credentials"), SECRET + "\n");
    Files.createDirectories(data.resolve("old-run"));
    Files.writeString(data.resolve("old-run").resolve("plan.yaml"), SECRET + "\n");

    for (String name :
        List.of(
            "/etc/passwd",
            "../credentials",
            dir.resolve("credentials").toString(),
            "runs/old-run/plan.yaml")) {
      HttpResponse<Buffer> r = launch(name);
      assertThat(r.statusCode()).as(name + ": " + r.bodyAsString()).isEqualTo(400);
      String body = r.bodyAsString();
      assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("path"))
          .isEqualTo("$.load.scale.create.timestamps");
      assertThat(body)
          .as(name)
          .doesNotContain("root:x")
          .doesNotContain("wJalr")
          .doesNotContain("/etc")
          .doesNotContain(dir.toString());
    }
    assertThat(runDirectories(data)).isEqualTo(1); // old-run only

    HttpResponse<Buffer> ok = launch("created.csv");
    assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(201);
    assertThat(runDirectories(data)).isEqualTo(2);
    // the plan is kept readable by the coordinator's user only
    Path stored = data.resolve(ok.bodyAsJsonObject().getString("id")).resolve("plan.yaml");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(stored)))
        .isEqualTo("rw-------");
  }

  @Test
  void aLiteralAuthorizationHeaderIsRefused() throws Exception {
    Path data = dir.resolve("runs");
    deploy(null, data);
    HttpResponse<Buffer> r =
        web.post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs")
            .putHeader("Content-Type", "application/yaml")
            .sendBuffer(
                Buffer.buffer(
                    """
                    name: literal
                    target:
                      protocol: openai-chat
                      url: http://127.0.0.1:9
                      headers: {Authorization: Bearer sk-live-123}
                    models: [m]
                    load: {mode: closed, stages: [{duration: 1s, users: 1}]}
                    """))
            .await();
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("path"))
        .isEqualTo("$.target.headers.Authorization");
    assertThat(r.bodyAsString()).contains("auth").doesNotContain("sk-live-123");
    assertThat(runDirectories(data)).isZero();
  }

  @Test
  void withoutAPlanRootAPlanNamesNoFile() throws Exception {
    Path data = dir.resolve("runs");
    deploy(null, data);
    Files.writeString(dir.resolve("created.csv"), "m-1,2026-12-01T00:00:00Z\n");
    HttpResponse<Buffer> r = launch("created.csv");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("message"))
        .contains("--plan-root");
    assertThat(runDirectories(data)).isZero();
  }
}
