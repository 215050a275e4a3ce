package io.broadside.cli;

import io.broadside.common.plan.ParseResult;
import io.broadside.common.plan.PlanParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code broadside run PLAN}: an embedded coordinator and agent run the plan. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a plan: with an embedded coordinator and agent, or on a cluster's coordinator"
          + " (--coordinator URL), which gets the plan with the files it names."
    })
final class RunCommand implements Callable<Integer>, Listens {
  @Parameters(index = "0", paramLabel = "PLAN", description = "plan file (YAML or JSON)")
  Path plan;

  @Mixin EmbeddedOptions embedded;

  @Option(
      names = "--coordinator",
      paramLabel = "URL",
      description =
          "run it on this coordinator (http://host:8420) and its agents instead of an embedded"
              + " one: the plan goes with the files it names")
  java.net.URI coordinator;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      defaultValue = "${env:BROADSIDE_TOKEN_FILE}",
      description = "with --coordinator: a file holding one of its tokens")
  Path tokenFile;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description = "with --coordinator: PEM certificates to trust for https")
  Path caFile;

  @Override
  public Integer call() throws Exception {
    if (coordinator != null) {
      try {
        return RemoteRun.execute(
            RemoteCoordinator.of(coordinator, tokenFile, caFile), plan, System.out);
      } catch (RemoteCoordinator.Unreachable e) {
        System.out.println(e.getMessage());
        return ExitCode.RUN_FAILED;
      }
    }
    ParseResult parsed = PlanParser.parse(plan);
    if (!parsed.ok()) {
      ValidateCommand.printProblems(plan.toString(), parsed);
      return ExitCode.INVALID_INPUT;
    }
    ValidateCommand.printWarnings(plan.toString(), parsed);
    String text = Files.readString(plan);
    Path baseDir = plan.toAbsolutePath().getParent();
    try (EmbeddedCluster cluster =
        EmbeddedCluster.start(
            Vertxes.create(),
            embedded.out,
            embedded.port,
            embedded.allowHooks,
            embedded.secrets.sources(baseDir))) {
      System.out.println(
          "coordinator and console on http://127.0.0.1:"
              + cluster.httpPort()
              + " (Prometheus: http://127.0.0.1:"
              + cluster.httpPort()
              + "/metrics)");
      return PlanExecution.execute(cluster, text, baseDir, System.out);
    }
  }

  @Override
  public java.util.Map<Integer, String> ports() {
    return java.util.Map.of(embedded.port, "--port");
  }
}
