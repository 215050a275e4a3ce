package io.broadside.cli;

import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code broadside demo}: simulator, coordinator and agent in one process running the built-in plan
 * (examples/demo.yaml) against the simulated 7B model.
 */
@Command(
    name = "demo",
    description = "Load-test the bundled model simulator with the built-in plan.")
final class DemoCommand implements Callable<Integer>, Listens {
  static final String PLAN_RESOURCE = "/demo.yaml";

  @Mixin EmbeddedOptions embedded;

  @Option(names = "--sim-port", defaultValue = "0", description = "simulator HTTP port (0: any)")
  int simPort;

  @Option(names = "--preset", defaultValue = "llama-7b-1gpu", description = "simulator preset")
  String preset;

  @Option(names = "--sim-log", description = "write the simulator's per-request log (JSONL) here")
  Path simLog;

  @Option(names = "--plan", description = "run this plan instead of the built-in one")
  Path plan;

  @Override
  public Integer call() throws Exception {
    String text = plan != null ? java.nio.file.Files.readString(plan) : builtInPlan();
    if (simLog != null && simLog.toAbsolutePath().getParent() != null) {
      java.nio.file.Files.createDirectories(simLog.toAbsolutePath().getParent());
    }
    var vertx = Vertxes.create();
    // the simulator gets event loops of its own, as a server in another process would: the
    // coordinator's merging never delays it reading a request or writing a token
    var simVertx = Vertxes.create();
    try (EmbeddedCluster cluster =
        EmbeddedCluster.start(
            vertx,
            embedded.out,
            embedded.port,
            embedded.allowHooks,
            embedded.secrets.sources(plan == null ? null : plan.toAbsolutePath().getParent()))) {
      Simulator sim =
          Simulator.start(
                  simVertx,
                  SimulatorConfig.defaults()
                      .withPort(simPort)
                      .withPreset(GpuPreset.byName(preset))
                      .withModels(PlanText.modelNames(text))
                      .withRequestLog(simLog))
              .await();
      String url = "http://127.0.0.1:" + sim.port();
      System.out.println(
          "simulator ("
              + preset
              + ") on "
              + url
              + "; coordinator and console on http://127.0.0.1:"
              + cluster.httpPort()
              + " (Prometheus: /metrics on both)");
      int code =
          PlanExecution.execute(cluster, PlanText.withTargetUrl(text, url), null, System.out);
      sim.close().await();
      return code;
    } finally {
      simVertx.close().await();
    }
  }

  static String builtInPlan() throws java.io.IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(PLAN_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public java.util.Map<Integer, String> ports() {
    return java.util.Map.of(embedded.port, "--port");
  }
}
