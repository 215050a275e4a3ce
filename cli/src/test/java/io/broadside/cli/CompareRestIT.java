package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET} and {@code POST /api/v1/compare} compare two of the coordinator's runs by id. */
@ExtendWith(NoBlockedEventLoops.class)
class CompareRestIT {
  @TempDir Path dir;

  /** Runs the plan as {@code broadside run} does on this cluster; the run it made. */
  private String run(EmbeddedCluster cluster, String plan) {
    var printed = new java.io.ByteArrayOutputStream();
    int exit = PlanExecution.execute(cluster, plan, dir, new java.io.PrintStream(printed, true));
    assertThat(exit).as(printed.toString()).isZero();
    String out = printed.toString();
    String id = out.substring(out.indexOf("run ") + 4, out.indexOf(" '"));
    return id;
  }

  @Test
  @Timeout(90)
  void comparesTwoRunsByIdAsJsonOrMarkdown() {
    var vertx = Vertxes.create();
    var simVertx = io.vertx.core.Vertx.vertx();
    try (EmbeddedCluster cluster = EmbeddedCluster.start(vertx, dir.resolve("runs"), 0)) {
      Simulator sim =
          Simulator.start(
                  simVertx,
                  SimulatorConfig.defaults().withPreset(CompareIT.BASE).withEphemeralPorts())
              .await();
      String plan = CompareIT.PLAN.replace("duration: 6s", "duration: 2s").formatted(sim.port(), 1);
      String baseline = run(cluster, plan);
      String current = run(cluster, plan);
      WebClient client = WebClient.create(vertx);
      String query = "/api/v1/compare?baseline=" + baseline + "&current=" + current;

      var json = client.get(cluster.httpPort(), "127.0.0.1", query).send().await();
      var markdown =
          client
              .post(cluster.httpPort(), "127.0.0.1", query + "&metrics=tpot.p50&format=markdown")
              .send()
              .await();
      var missing =
          client
              .get(cluster.httpPort(), "127.0.0.1", "/api/v1/compare?baseline=nope&current=x")
              .send()
              .await();
      var badThreshold =
          client.get(cluster.httpPort(), "127.0.0.1", query + "&threshold=five").send().await();

      assertThat(json.statusCode()).isEqualTo(200);
      JsonObject body = json.bodyAsJsonObject();
      assertThat(body.getString("baseline")).isEqualTo(baseline);
      assertThat(body.getString("current")).isEqualTo(current);
      assertThat(body.getJsonArray("changes")).hasSize(7);
      JsonObject first = body.getJsonArray("changes").getJsonObject(0);
      assertThat(first.getString("stage")).isEqualTo("steady");
      assertThat(first.getString("metric")).isEqualTo("ttft.p50");
      // two runs of 2 s: too few per-interval values for any verdict
      assertThat(first.getString("verdict")).isEqualTo("not judged");
      assertThat(markdown.statusCode()).isEqualTo(200);
      assertThat(markdown.getHeader("Content-Type")).isEqualTo("text/markdown");
      assertThat(markdown.bodyAsString()).contains("| steady | `llama-2-7b` | tpot.p50 |");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(badThreshold.statusCode()).isEqualTo(400);
      assertThat(badThreshold.bodyAsJsonObject().getString("error"))
          .contains("must be a percentage such as 1%, was 'five'");
      sim.close().await();
    } finally {
      simVertx.close().await();
    }
  }
}
