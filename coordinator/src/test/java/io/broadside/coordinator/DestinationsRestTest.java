package io.broadside.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.coordinator.access.Destinations;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Destinations on a real coordinator: a plan aimed at the cloud metadata address is a 400 with its
 * path; with --allow-destinations, a plan or an upload outside the list is a 400, and the upload
 * never connects.
 */
@ExtendWith(NoBlockedEventLoops.class)
class DestinationsRestTest {
  private static final String PLAN =
      """
      name: where
      target: {protocol: openai-chat, url: "%s"}
      models: [m]
      load: {mode: closed, stages: [{duration: 1s, users: 1}]}
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

  private void deploy(Destinations destinations) {
    coordinator =
        LocalCoordinators.deploy(
            vertx,
            CoordinatorConfig.defaults()
                .withDataDir(dir.resolve("runs"))
                .withDestinations(destinations));
  }

  private HttpResponse<Buffer> launch(String url) {
    return LocalCoordinators.launch(web, coordinator, PLAN.formatted(url));
  }

  @Test
  void theMetadataAddressIsNeverATarget() {
    deploy(Destinations.ANY_BUT_METADATA);
    HttpResponse<Buffer> r = launch("http://169.254.169.254/");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject problem = r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(problem.getString("path")).isEqualTo("$.target.url");
    assertThat(problem.getString("message")).contains("metadata");
    assertThat(launch("http://127.0.0.1:9/").statusCode()).isEqualTo(201);
  }

  @Test
  void outsideTheListNothingIsLaunchedOrUploaded() throws Exception {
    deploy(Destinations.of(List.of("10.0.0.0/8")));
    assertThat(launch("http://127.0.0.1:9/").statusCode()).isEqualTo(400);
    HttpResponse<Buffer> ok = launch("http://10.0.0.1:9/");
    assertThat(ok.statusCode()).isEqualTo(201);
    String id = ok.bodyAsJsonObject().getString("id");
    // no agent: the run is pending, and stopped it has ended
    assertThat(
            web.post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs/" + id + "/stop")
                .send()
                .await()
                .statusCode())
        .isLessThan(300);

    AtomicInteger connections = new AtomicInteger();
    NetServer storage =
        vertx
            .createNetServer()
            .connectHandler(
                s -> {
                  connections.incrementAndGet();
                  s.close();
                })
            .listen(0, "127.0.0.1")
            .await();
    HttpResponse<Buffer> upload =
        web.post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs/" + id + "/upload")
            .putHeader("Content-Type", "application/json")
            .sendJsonObject(
                new JsonObject()
                    .put("url", "s3://results/runs")
                    .put("endpoint", "http://127.0.0.1:" + storage.actualPort())
                    .put("region", "us-east-1"))
            .await();
    assertThat(upload.statusCode()).as(upload.bodyAsString()).isEqualTo(400);
    assertThat(upload.bodyAsString()).contains("--allow-destinations");
    assertThat(connections).hasValue(0);
  }
}
