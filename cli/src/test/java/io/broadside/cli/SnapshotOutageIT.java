package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.agent.control.Agent;
import io.broadside.agent.control.AgentConfig;
import io.broadside.coordinator.Coordinator;
import io.broadside.coordinator.CoordinatorConfig;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.runs.RunManager;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network between agent and coordinator breaks for two seconds mid-run (shorter than the
 * lease): the agent keeps firing, reconnects, resends what was not acknowledged, and the merged
 * totals equal the agent's own log and the simulator's record exactly.
 */
class SnapshotOutageIT {
  @TempDir Path dir;

  @Test
  void mergedTotalsSurviveABrokenLinkExactly() throws Exception {
    Vertx vertx = Vertxes.create();
    Vertx simVertx = Vertxes.create();
    try {
      Path simLog = dir.resolve("sim.jsonl");
      Simulator sim =
          Simulator.start(
                  simVertx,
                  SimulatorConfig.defaults()
                      .withPort(0)
                      .withPreset(GpuPreset.byName("fast"))
                      .withRequestLog(simLog))
              .await();
      Linked linked = link(vertx);
      Coordinator coordinator = linked.coordinator();
      OutageProxy proxy = linked.proxy();
      Agent agent = linked.agent();
      agent.welcomed().await();

      String plan =
          """
          name: outage
          target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
          models: [llama-2-7b]
          maxTokens: 4
          load: {mode: closed, stages: [{name: s, duration: 8s, users: 20}]}
          """
              .formatted(sim.port());
      Promise<RunManager.Submission> submitted = Promise.promise();
      coordinator
          .context()
          .runOnContext(v -> coordinator.runs().submit(plan, null).onComplete(submitted));
      Run run = submitted.future().await().run();
      Thread.sleep(3_500);
      proxy.outage(Duration.ofSeconds(2));
      coordinator.runs().ended(run).await(60, TimeUnit.SECONDS);
      sim.close().await();

      JsonNode runJson = new ObjectMapper().readTree(run.dir().resolve("run.json").toFile());
      assertThat(runJson.path("status").asText()).isEqualTo("completed");
      long merged = run.summary().stages().get(0).all().requests().ok();
      long served = RequestLogReader.read(simLog).stream().filter(e -> e.status() == 200).count();
      Map<String, Histogram> own = new HashMap<>();
      DemoNumbersIT.readLog(agent.localLog()).forEach(own::put);
      long recorded = own.get("e2e/s/llama-2-7b").getTotalCount();
      assertThat(agent.resentSnapshots()).as("snapshots resent after reconnecting").isPositive();
      assertThat(merged).isPositive().isEqualTo(recorded).isEqualTo(served);
      assertThat(run.summary().stages().get(0).all().latency().get("e2e").count())
          .isEqualTo(recorded);
      assertThat(Files.readString(run.dir().resolve("histograms.hlog")))
          .contains("Tag=e2e/s/llama-2-7b");
      System.out.printf(
          "outage: %d requests merged, %d snapshots resent, %d duplicates ignored%n",
          merged, agent.resentSnapshots(), runJson.path("duplicateSnapshots").asLong());
    } finally {
      vertx.close().await();
      simVertx.close().await();
    }
  }

  /**
   * A scale study loses no readiness to a broken link: models that became ready while the control
   * stream was down are told again once the agent is back, with the times it saw them ready.
   */
  @Test
  void readinessSeenDuringAnOutageIsToldAfterIt() throws Exception {
    Vertx vertx = Vertxes.create();
    Vertx simVertx = Vertxes.create();
    try {
      io.broadside.simulator.config.ModelHosting hosting =
          new io.broadside.simulator.config.ModelHosting(
              64, 1, Duration.ofMillis(500), Duration.ofMillis(5_000), Duration.ofSeconds(10));
      Simulator sim =
          Simulator.start(
                  simVertx,
                  SimulatorConfig.defaults()
                      .withFamily(io.broadside.simulator.config.Family.KSERVE, 0)
                      .withEphemeralPorts()
                      .withModels(
                          java.util.stream.IntStream.rangeClosed(1, 40)
                              .mapToObj(n -> "m-" + n)
                              .toList())
                      .withHosting(hosting))
              .await();
      Linked linked = link(vertx);
      Coordinator coordinator = linked.coordinator();
      OutageProxy proxy = linked.proxy();
      Agent agent = linked.agent();
      agent.welcomed().await();
      String plan =
          """
          name: scale-outage
          target:
            protocol: kserve-v2
            url: http://127.0.0.1:%d
            tensors: [{name: INPUT0, shape: [1, 4], datatype: FP32}]
          models: {prefix: m-, count: 40}
          load:
            mode: closed
            scale: {ready: {probe: inference, interval: 100ms, timeout: 30s}, validate: 1}
          """
              .formatted(sim.port(io.broadside.simulator.config.Family.KSERVE));
      Promise<RunManager.Submission> submitted = Promise.promise();
      coordinator
          .context()
          .runOnContext(v -> coordinator.runs().submit(plan, null).onComplete(submitted));
      Run run = submitted.future().await().run();
      Thread.sleep(1_500);
      proxy.outage(Duration.ofSeconds(2));
      coordinator.runs().ended(run).await(60, TimeUnit.SECONDS);
      sim.close().await();

      var scale = run.summary().scale();
      assertThat(scale.ready()).as(scale.verdict()).isEqualTo(40);
      for (var m : scale.perModel()) {
        double load = hosting.loadTime(m.model(), 42).toMillis() / 1e3;
        assertThat(m.timeToReadyS()).as(m.model()).isBetween(load - 0.01, load + 0.4);
      }
      assertThat(run.summary().stages().get(0).all().requests().ok()).isEqualTo(40);
    } finally {
      vertx.close().await();
      simVertx.close().await();
    }
  }

  /** A coordinator and an agent whose link runs through a proxy the test can cut. */
  private record Linked(Coordinator coordinator, OutageProxy proxy, Agent agent) {}

  /** Leases of 6 s: longer than the outages, so the agent is never lost. */
  private Linked link(Vertx vertx) {
    Coordinator coordinator =
        new Coordinator(
            CoordinatorConfig.defaults()
                .withPorts(0, 0)
                .withDataDir(dir.resolve("runs"))
                .withAgentLease(Duration.ofSeconds(6)));
    vertx.deployVerticle(coordinator).await();
    OutageProxy proxy = OutageProxy.start(vertx, coordinator.grpcPort()).await();
    Agent agent =
        new Agent(
            AgentConfig.local(proxy.port(), dir.resolve("agent")).withLease(Duration.ofSeconds(6)));
    vertx.deployVerticle(agent, Agent.deploymentOptions()).await();
    return new Linked(coordinator, proxy, agent);
  }
}
