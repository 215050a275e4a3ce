package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.agent.client.SecretSources;
import io.broadside.agent.control.Agent;
import io.broadside.agent.control.AgentConfig;
import io.broadside.coordinator.Coordinator;
import io.broadside.coordinator.CoordinatorConfig;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full disks, on small tmpfs filesystems that fill mid-run: the coordinator's data folder fails the
 * run with a clear reason while the coordinator keeps serving and the agent keeps its own log; an
 * agent's full data folder fails that agent's share, saying so. Needs root (to mount); skipped
 * otherwise.
 */
@ExtendWith(NoBlockedEventLoops.class)
class FullDiskIT {
  private static final String PLAN =
      """
      name: filling
      target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
      models: [llama-2-7b]
      maxTokens: 8
      load: {mode: closed, stages: [{name: long, duration: 60s, users: 8}]}
      """;

  @TempDir Path dir;
  Vertx vertx;
  Simulator sim;
  Path small;

  @BeforeEach
  void start() throws Exception {
    assumeThat(System.getProperty("user.name")).as("mounting needs root").isEqualTo("root");
    small = Files.createDirectories(dir.resolve("small"));
    // 64 KiB, of which a filler takes all but 24 KiB: tmpfs gives each file whole 4 KiB pages, so
    // plan.yaml, run.json and counters.tsv take 12 KiB and the merged log has at least 12 KiB of
    // intervals before a few seconds of a run fill the rest
    run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString());
    Files.write(small.resolve("filler"), new byte[40 * 1024]);
    vertx = Vertx.vertx();
    sim =
        Simulator.start(
                vertx, SimulatorConfig.defaults().withPreset(GpuPreset.FAST).withEphemeralPorts())
            .await();
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await();
    }
    if (small != null) {
      run("umount", "-l", small.toString());
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
  }

  /** A coordinator on {@code data} and one agent on {@code agentData}; the run's id. */
  private record Cluster(Coordinator coordinator, WebClient web, String runId) {}

  private Cluster launch(Path data, Path agentData) {
    Coordinator coordinator =
        new Coordinator(CoordinatorConfig.defaults().withPorts(0, 0).withDataDir(data));
    vertx.deployVerticle(coordinator).await();
    Agent agent =
        new Agent(
            AgentConfig.local(coordinator.grpcPort(), agentData)
                .withSecrets(SecretSources.DEFAULT));
    vertx.deployVerticle(agent, Agent.deploymentOptions()).await();
    agent.welcomed().await();
    WebClient web = WebClient.create(vertx);
    String runId =
        web.post(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs")
            .putHeader("Content-Type", "application/yaml")
            .sendBuffer(Buffer.buffer(PLAN.formatted(sim.port())))
            .await()
            .bodyAsJsonObject()
            .getString("id");
    return new Cluster(coordinator, web, runId);
  }

  private static JsonNode awaitEnded(Cluster c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    while (System.nanoTime() < deadline) {
      JsonNode run = get(c, "/api/v1/runs/" + c.runId());
      if (List.of("failed", "completed", "stopped").contains(run.path("status").asText())) {
        return run;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the run did not end within 45 s");
  }

  private static JsonNode get(Cluster c, String path) throws Exception {
    var answer = c.web().get(c.coordinator().httpPort(), "127.0.0.1", path).send().await();
    assertThat(answer.statusCode()).as(path).isEqualTo(200);
    return new ObjectMapper().readTree(answer.bodyAsString());
  }

  @Test
  void aFullDataFolderFailsTheRunSayingSoAndTheCoordinatorKeepsServing() throws Exception {
    Path agentData = Files.createDirectories(dir.resolve("agent"));
    Cluster c = launch(small, agentData);

    JsonNode run = awaitEnded(c);

    assertThat(run.path("status").asText()).isEqualTo("failed");
    assertThat(run.path("error").asText())
        .contains("cannot be written to the coordinator's data folder")
        .contains("No space left on device");
    // it keeps serving: the run list answers
    assertThat(get(c, "/api/v1/runs")).isNotEmpty();
    // what was acknowledged is on the full disk, readable; the agent kept its own log, longer
    Path hlog = small.resolve(c.runId()).resolve("histograms.hlog");
    long merged = Files.readAllLines(hlog).stream().filter(l -> l.contains("e2e/long")).count();
    assertThat(merged).isPositive();
    Path own =
        agentData
            .resolve(c.runId())
            .resolve(
                Files.list(agentData.resolve(c.runId()))
                    .filter(p -> p.toString().endsWith(".hlog"))
                    .findFirst()
                    .orElseThrow()
                    .getFileName());
    assertThat(Files.readAllLines(own).stream().filter(l -> l.contains("e2e/long")).count())
        .isGreaterThanOrEqualTo(merged);
  }

  @Test
  void anAgentsFullDataFolderFailsItsShareSayingSo() throws Exception {
    Path data = Files.createDirectories(dir.resolve("coordinator"));
    Cluster c = launch(data, small);

    JsonNode run = awaitEnded(c);

    assertThat(run.path("status").asText()).isEqualTo("failed");
    assertThat(run.path("error").asText())
        .startsWith("agent ")
        .contains("cannot write its own log in its data folder")
        .contains("No space left on device");
    // the coordinator's copy of what it merged is whole
    assertThat(data.resolve(c.runId()).resolve("summary.json")).exists();
  }
}
