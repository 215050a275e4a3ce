package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.agent.control.Agent;
import io.broadside.agent.control.AgentConfig;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.Coordinator;
import io.broadside.coordinator.CoordinatorConfig;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.runs.RunManager;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's verdict on a real agent and coordinator, with 250 ms snapshot intervals (thirty
 * in a run of 7.5 s): one 60 ms stall of every event loop is reported as a stall, with its time and
 * the requests it touched, and not as saturation; event loops kept busy for three seconds (a burner
 * taking 9 ms of every 10 on each, as more streams than a core can follow would) make a saturated
 * run. Both in summary.json, report.html and /metrics.
 */
class GeneratorVerdictIT {
  @TempDir static Path dir;
  static Vertx vertx;
  static Vertx simVertx;
  static Simulator sim;
  static Coordinator coordinator;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertxes.create();
    simVertx = Vertxes.create();
    sim =
        Simulator.start(
                simVertx,
                SimulatorConfig.defaults().withPort(0).withPreset(GpuPreset.byName("fast")))
            .await();
    coordinator =
        new Coordinator(
            CoordinatorConfig.defaults()
                .withPorts(0, 0)
                .withDataDir(dir.resolve("runs"))
                .withSnapshotInterval(Duration.ofMillis(250)));
    vertx.deployVerticle(coordinator).await();
    Agent agent = new Agent(AgentConfig.local(coordinator.grpcPort(), dir.resolve("agent")));
    vertx.deployVerticle(agent, Agent.deploymentOptions()).await();
    agent.welcomed().await();
    // a first run warms the JIT, whose compilations would otherwise stall the first intervals
    ended(submit("warm", "3s"));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await();
    sim.close().await();
    simVertx.close().await();
  }

  @Test
  void a60MsStallInOneIntervalOfThirtyIsAStall() throws Exception {
    Run run = submit("stall", "7500ms");
    Thread.sleep(3_300);
    everyEventLoop(loop -> spin(60));
    Summary.Generator g = ended(run);
    System.out.println("stall run: " + g);
    assertThat(g.saturated()).isFalse();
    assertThat(g.verdict()).isEqualTo("stalls");
    Summary.AgentHealth agent = g.agents().get(0);
    assertThat(agent.stalls())
        .as("the injected stall, about 3 s in, with the requests it touched")
        .anySatisfy(
            s -> {
              assertThat(s.atS()).isBetween(2.0, 4.5);
              // a 10 ms tick that fell due during the 60 ms stall is late by 50 to 60 ms
              assertThat(s.delayMs()).isGreaterThanOrEqualTo(50);
              assertThat(s.requests()).isPositive();
            });
    assertThat(g.reason()).contains("brief stall").contains("late");
    assertThat(Files.readString(run.dir().resolve("report.html")))
        .contains("<strong>stalls</strong>");
    String metrics = scrape();
    assertThat(metrics).contains("broadside_generator_saturated{run=\"" + run.id() + "\"} 0.0");
    assertThat(metrics)
        .containsPattern("broadside_generator_stalls\\{run=\"" + run.id() + "\"} [1-9]");
  }

  @Test
  void eventLoopsKeptBusyMakeASaturatedRun() throws Exception {
    Run run = submit("busy", "7500ms");
    Thread.sleep(1_500);
    AtomicBoolean burning = new AtomicBoolean(true);
    everyEventLoop(loop -> burn(loop, burning));
    Thread.sleep(4_000);
    burning.set(false);
    Summary.Generator g = ended(run);
    System.out.println("busy run: " + g);
    assertThat(g.saturated()).isTrue();
    assertThat(g.verdict()).isEqualTo("saturated");
    // a blocked lane reports once it runs again: its one interval lasted as long as the block
    assertThat(g.agents().get(0).loopDelayMaxMs()).isGreaterThan(3_000);
    assertThat(g.reason()).contains("could not keep up");
    assertThat(Files.readString(run.dir().resolve("report.html")))
        .contains("<strong>saturated</strong>");
    assertThat(scrape()).contains("broadside_generator_saturated{run=\"" + run.id() + "\"} 1.0");
  }

  private static Run submit(String name, String duration) {
    String plan =
        """
        name: %s
        target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
        models: [llama-2-7b]
        maxTokens: 4
        load: {mode: closed, thinkTime: 20ms, stages: [{name: s, duration: %s, users: 4}]}
        """
            .formatted(name, sim.port(), duration);
    Promise<RunManager.Submission> submitted = Promise.promise();
    coordinator
        .context()
        .runOnContext(v -> coordinator.runs().submit(plan, null).onComplete(submitted));
    return submitted.future().await().run();
  }

  private static Summary.Generator ended(Run run) throws Exception {
    coordinator.runs().ended(run).await(60, TimeUnit.SECONDS);
    return run.summary().generator();
  }

  private static void everyEventLoop(Consumer<EventExecutor> task) {
    for (EventExecutor loop : ((VertxInternal) vertx).eventLoopGroup()) {
      loop.execute(() -> task.accept(loop));
    }
  }

  private static void spin(long ms) {
    long until = System.nanoTime() + ms * 1_000_000;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  /** Keeps {@code loop} busy in tasks of 100 ms, back to back, until told to stop. */
  private static void burn(EventExecutor loop, AtomicBoolean burning) {
    if (!burning.get()) {
      return;
    }
    spin(100);
    loop.execute(() -> burn(loop, burning));
  }

  private static String scrape() throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + coordinator.httpPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
