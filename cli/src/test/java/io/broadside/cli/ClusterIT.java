package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.agent.cluster.AgentNode;
import io.broadside.agent.control.AgentConfig;
import io.broadside.coordinator.Coordinator;
import io.broadside.coordinator.CoordinatorConfig;
import io.broadside.protocol.cluster.MembershipSettings;
import io.broadside.simulator.GpuPreset;
import io.broadside.simulator.RequestLogReader;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.SimulatorConfig;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster on loopback: a coordinator (full Hazelcast member) and three agents (lite members,
 * each its own Vert.x instance and source address 127.0.0.2–4, as on three hosts) found through
 * Hazelcast, driving one plan through the REST API against the simulator. Each agent's request
 * count equals what the simulator recorded from its address.
 */
@ExtendWith(NoBlockedEventLoops.class)
class ClusterIT {
  private static final int AGENTS = 3;

  @TempDir Path dir;

  @Test
  void threeAgentsFoundThroughHazelcastRunOnePlanAsOneGenerator() throws Exception {
    List<Vertx> vertxes = new ArrayList<>();
    List<AgentNode> nodes = new ArrayList<>();
    Vertx coordinatorVertx = Vertxes.create();
    Vertx simVertx = Vertxes.create();
    vertxes.add(coordinatorVertx);
    vertxes.add(simVertx);
    try {
      Path log = dir.resolve("sim.jsonl");
      Simulator sim =
          Simulator.start(
                  simVertx,
                  SimulatorConfig.defaults()
                      .withPort(0)
                      .withPreset(GpuPreset.byName("fast"))
                      .withRequestLog(log))
              .await();
      Coordinator coordinator =
          new Coordinator(
              CoordinatorConfig.defaults()
                  .withPorts(0, 0)
                  .withDataDir(dir.resolve("runs"))
                  .withMembership(MembershipSettings.loopback(15801, List.of()), null));
      coordinatorVertx.deployVerticle(coordinator).await();
      for (int i = 0; i < AGENTS; i++) {
        Vertx v = Vertxes.create();
        vertxes.add(v);
        AgentConfig config =
            new AgentConfig(
                "agent-" + i,
                null,
                0,
                1,
                10_000,
                Duration.ofSeconds(1),
                "127.0.0." + (i + 2),
                Duration.ofSeconds(2),
                dir.resolve("agent-" + i));
        nodes.add(
            AgentNode.start(
                    v,
                    MembershipSettings.loopback(
                        15811 + 10 * i, List.of(coordinator.clusterAddress())),
                    config)
                .await());
      }
      WebClient web = WebClient.create(coordinatorVertx);
      JsonNode agents = awaitAgents(web, coordinator.httpPort());
      assertThat(agents).hasSize(AGENTS);

      String plan =
          """
          name: cluster
          target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true, timeout: 10s}
          models: [llama-2-7b]
          maxTokens: 8
          load: {mode: closed, stages: [{name: s, duration: 5s, users: 300, ramp: 1s}]}
          """
              .formatted(sim.port());
      var created =
          web.post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs")
              .sendBuffer(Buffer.buffer(plan))
              .await();
      assertThat(created.statusCode()).isEqualTo(201);
      String id = created.bodyAsJsonObject().getString("id");
      Path runJson = dir.resolve("runs").resolve(id).resolve("run.json");
      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      while (!Files.exists(runJson) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(200);
      JsonNode run = new ObjectMapper().readTree(runJson.toFile());
      JsonNode summary =
          new ObjectMapper().readTree(runJson.resolveSibling("summary.json").toFile());
      sim.close().await();

      assertThat(run.path("status").asText()).isEqualTo("completed");
      assertThat(run.path("agents")).hasSize(AGENTS);
      Map<String, Long> bySource =
          RequestLogReader.read(log).stream()
              .collect(
                  Collectors.groupingBy(
                      e -> e.remote().substring(0, e.remote().lastIndexOf(':')),
                      Collectors.counting()));
      long total = 0;
      for (JsonNode a : run.path("agents")) {
        String source = "127.0.0." + (Integer.parseInt(a.path("id").asText().substring(6)) + 2);
        long ok = a.path("requests").path("ok").asLong();
        assertThat(ok)
            .as("agent %s", a.path("id").asText())
            .isPositive()
            .isEqualTo(bySource.get(source));
        total += ok;
      }
      assertThat(summary.path("stages").get(0).path("all").path("requests").path("ok").asLong())
          .isEqualTo(total)
          .isEqualTo(bySource.values().stream().mapToLong(Long::longValue).sum());
      assertThat(run.path("startSkewMs").asDouble()).as("start skew ms").isLessThan(20.0);
      System.out.printf(
          "cluster run: %d requests by agent %s, start skew %.3f ms%n",
          total, bySource, run.path("startSkewMs").asDouble());
    } finally {
      for (AgentNode n : nodes) {
        n.close().await();
      }
      for (Vertx v : vertxes) {
        v.close().await();
      }
    }
  }

  private static JsonNode awaitAgents(WebClient web, int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode agents = null;
    while (System.nanoTime() < deadline) {
      var r = web.get(port, "127.0.0.1", "/api/v1/agents").send().await();
      agents = new ObjectMapper().readTree(r.bodyAsString());
      if (agents.size() == AGENTS) {
        return agents;
      }
      Thread.sleep(100);
    }
    return agents;
  }
}
