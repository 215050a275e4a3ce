package io.broadside.cli;

import io.broadside.common.plan.ParseResult;
import io.broadside.common.plan.PlanParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code broadside run PLAN}: an embedded coordinator and agent run the plan. */
@Command(name = "run", description = "Run a plan with an embedded coordinator and agent.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PLAN", description = "plan file (YAML or JSON)")
  Path plan;

  @Mixin EmbeddedOptions embedded;

  @Override
  public Integer call() throws Exception {
    ParseResult parsed = PlanParser.parse(plan);
    if (!parsed.ok()) {
      ValidateCommand.printProblems(plan.toString(), parsed);
      return ExitCode.INVALID_INPUT;
    }
    String text = Files.readString(plan);
    Path baseDir = plan.toAbsolutePath().getParent();
    try (EmbeddedCluster cluster =
        EmbeddedCluster.start(
            Vertxes.create(),
            embedded.out,
            embedded.port,
            embedded.allowHooks,
            embedded.secrets.sources(baseDir))) {
      return PlanExecution.execute(cluster, text, baseDir, System.out);
    }
  }
}
