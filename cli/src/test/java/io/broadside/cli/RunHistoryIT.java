package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run history: the run directories are the store. Runs made by one coordinator are listed, read and
 * filtered by tag by the next one started on the same folder, with the summary as written; DELETE
 * removes a run and its directory.
 */
class RunHistoryIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static String plan(int port, String release) {
    return """
        name: history-%s
        tags: {release: "%s", team: serving}
        target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
        models: [llama-2-7b]
        maxTokens: 8
        load: {mode: closed, stages: [{duration: 1s, users: 2}]}
        """
        .formatted(release, release, port);
  }

  @Test
  void runsOutliveTheirCoordinatorAndCanBeFilteredAndRemoved() throws Exception {
    Vertx vertx = Vertxes.create();
    try {
      Simulator sim =
          Simulator.start(
                  vertx, SimulatorConfig.defaults().withPreset(GpuPreset.FAST).withEphemeralPorts())
              .await();
      Path data = dir.resolve("runs");
      String first;
      String second;
      // each coordinator with a Vert.x of its own (closing the cluster closes it)
      try (EmbeddedCluster cluster = EmbeddedCluster.start(Vertxes.create(), data, 0)) {
        first = cluster.submit(plan(sim.port(), "2.4.0"), null).run().id();
        cluster.ended(cluster.submit(plan(sim.port(), "2.4.0"), null).run()).await();
        second = cluster.submit(plan(sim.port(), "2.5.0"), null).run().id();
        cluster.ended(cluster.submit(plan(sim.port(), "2.5.0"), null).run()).await();
      }
      JsonNode written = JSON.readTree(data.resolve(second).resolve("summary.json").toFile());

      // a new coordinator on the same folder
      try (EmbeddedCluster again = EmbeddedCluster.start(Vertxes.create(), data, 0)) {
        WebClient web = WebClient.create(vertx);
        JsonArray all =
            web.get(again.httpPort(), "127.0.0.1", "/api/v1/runs").send().await().bodyAsJsonArray();
        assertThat(all).hasSize(4);
        JsonArray release =
            web.get(again.httpPort(), "127.0.0.1", "/api/v1/runs?tag=release:2.5.0")
                .send()
                .await()
                .bodyAsJsonArray();
        assertThat(release).hasSize(2);
        assertThat(
                release.stream().map(r -> ((io.vertx.core.json.JsonObject) r).getString("status")))
            .containsOnly("completed");
        assertThat(release.stream().map(r -> ((io.vertx.core.json.JsonObject) r).getString("id")))
            .contains(second);
        JsonNode summary =
            JSON.readTree(
                web.get(again.httpPort(), "127.0.0.1", "/api/v1/runs/" + second + "/summary")
                    .send()
                    .await()
                    .bodyAsString());
        assertThat(summary).isEqualTo(written);
        JsonNode run =
            JSON.readTree(
                web.get(again.httpPort(), "127.0.0.1", "/api/v1/runs/" + second)
                    .send()
                    .await()
                    .bodyAsString());
        assertThat(run.path("startedAt").asText()).isNotBlank();
        assertThat(run.path("tags").path("team").asText()).isEqualTo("serving");

        assertThat(
                web.delete(again.httpPort(), "127.0.0.1", "/api/v1/runs/" + first)
                    .send()
                    .await()
                    .statusCode())
            .isEqualTo(204);
        assertThat(data.resolve(first)).doesNotExist();
        assertThat(
                web.delete(again.httpPort(), "127.0.0.1", "/api/v1/runs/" + first)
                    .send()
                    .await()
                    .statusCode())
            .isEqualTo(404);
        assertThat(
                web.get(again.httpPort(), "127.0.0.1", "/api/v1/runs?tag=release:2.4.0")
                    .send()
                    .await()
                    .bodyAsJsonArray())
            .hasSize(1);
      }
      try (var left = Files.list(data)) {
        // the run directories; the audit log of the changes lies beside them
        assertThat(left.filter(Files::isDirectory).count()).isEqualTo(3);
      }
    } finally {
      vertx.close().await();
    }
  }
}
