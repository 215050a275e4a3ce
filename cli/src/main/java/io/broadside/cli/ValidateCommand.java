package io.broadside.cli;

import io.broadside.common.plan.ParseResult;
import io.broadside.common.plan.PlanParser;
import io.broadside.common.plan.Problem;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code broadside validate PLAN}: every problem with its JSON path, exit 2; or "valid". */
@Command(
    name = "validate",
    description =
        "Check a plan as run would (its dataset, trace and image files are read) and list every"
            + " problem with its JSON path; warn of what is valid but likely not meant.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PLAN", description = "plan file (YAML or JSON)")
  Path plan;

  @Override
  public Integer call() {
    ParseResult result = PlanParser.parse(plan);
    if (!result.ok()) {
      printProblems(plan.toString(), result);
      return ExitCode.INVALID_INPUT;
    }
    System.out.println(plan + ": valid plan '" + result.plan().name() + "'");
    printWarnings(plan.toString(), result);
    return ExitCode.PASSED;
  }

  /** A valid plan's warnings, on stderr: what is valid but almost surely not meant. */
  static void printWarnings(String source, ParseResult result) {
    for (Problem w : io.broadside.common.plan.PlanWarnings.of(result.plan())) {
      System.err.println(source + ": warning: " + w);
    }
  }

  static void printProblems(String source, ParseResult result) {
    System.err.println(source + ": " + result.problems().size() + " problem(s)");
    for (Problem p : result.problems()) {
      System.err.println("  " + p);
    }
  }
}
