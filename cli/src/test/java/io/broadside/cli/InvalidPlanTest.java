package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A plan with five distinct errors is refused with all five paths everywhere; nothing starts. */
@ExtendWith(NoBlockedEventLoops.class)
class InvalidPlanTest {
  static final String PLAN =
      """
      name: broken
      target: {protocol: openai-chatt, url: http://127.0.0.1:8000, foo: 1}
      models: [llama-2-7b]
      maxTokens: -5
      slo: {ttft: 500}
      load:
        mode: open
        stages:
          - {duration: 10s, rate: 5/s}
          - {duration: 10s, rate: 0/s}
      """;
  static final List<String> PATHS =
      List.of(
          "$.target.protocol",
          "$.target.foo",
          "$.maxTokens",
          "$.slo.ttft",
          "$.load.stages[1].rate");

  @TempDir Path dir;

  @Test
  void validateListsEveryProblem() throws Exception {
    Path plan = dir.resolve("broken.yaml");
    Files.writeString(plan, PLAN);
    String err =
        captureErr(() -> assertThat(Main.execute("validate", plan.toString())).isEqualTo(2));
    PATHS.forEach(p -> assertThat(err).contains(p + ":"));
    assertThat(err).contains("must be a positive rate such as 20/s, was '0/s'");
  }

  @Test
  void runExitsWithTwoAndStartsNothing() throws Exception {
    Path plan = dir.resolve("broken.yaml");
    Files.writeString(plan, PLAN);
    Path out = dir.resolve("runs");
    String err =
        captureErr(
            () ->
                assertThat(
                        Main.execute(
                            "run", plan.toString(), "--out", out.toString(), "--port", "0"))
                    .isEqualTo(2));
    PATHS.forEach(p -> assertThat(err).contains(p + ":"));
    assertThat(out).doesNotExist();
  }

  @Test
  void restRefusesWithFourHundredListingEveryProblem() {
    var vertx = Vertxes.create();
    try (EmbeddedCluster cluster = EmbeddedCluster.start(vertx, dir, 0)) {
      WebClient client = WebClient.create(vertx);
      var response =
          client
              .post(cluster.httpPort(), "127.0.0.1", "/api/v1/runs")
              .putHeader("Content-Type", "application/yaml")
              .sendBuffer(Buffer.buffer(PLAN))
              .await();
      assertThat(response.statusCode()).isEqualTo(400);
      JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
      List<String> paths = errors.stream().map(e -> ((JsonObject) e).getString("path")).toList();
      assertThat(paths).containsAll(PATHS);
      var runs = client.get(cluster.httpPort(), "127.0.0.1", "/api/v1/runs").send().await();
      assertThat(runs.bodyAsJsonArray()).isEmpty();
      // no run directory (the audit log, a file, tells of the refused launch)
      assertThat(dir.toFile().listFiles(java.io.File::isDirectory)).isEmpty();
    }
  }

  private static String captureErr(Runnable action) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true));
    try {
      action.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString();
  }
}
