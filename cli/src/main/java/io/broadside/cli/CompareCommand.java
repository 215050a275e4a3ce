package io.broadside.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.broadside.common.plan.Gate;
import io.broadside.common.unit.Percent;
import io.broadside.coordinator.compare.CompareException;
import io.broadside.coordinator.compare.Comparer;
import io.broadside.coordinator.compare.Comparison;
import io.broadside.coordinator.compare.ComparisonReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code broadside compare BASELINE CURRENT}: per stage, model and metric, the change from the
 * baseline run to the current one and whether it is a regression (see {@link Comparer}); exit 1 on
 * any regression, 2 for input that cannot be compared.
 */
@Command(
    name = "compare",
    description =
        "Compare a run with a baseline run; exit 1 on a regression beyond the threshold that is"
            + " statistically significant.")
final class CompareCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Parameters(index = "0", paramLabel = "BASELINE", description = "the baseline run directory")
  Path baseline;

  @Parameters(index = "1", paramLabel = "CURRENT", description = "the run directory to judge")
  Path current;

  @Option(
      names = "--threshold",
      defaultValue = "5%",
      description = "change allowed in the worse direction (default 5%%)")
  String threshold;

  @Option(
      names = "--metrics",
      split = ",",
      description =
          "metrics to compare: <metric>.<stat> (tpot.p99, ttft.p50, …), throughput, requestsPerS;"
              + " default ttft.p50,ttft.p99,tpot.p50,tpot.p99,e2e.p50,e2e.p99,throughput")
  List<String> metrics;

  @Option(
      names = "--alpha",
      defaultValue = "0.01",
      description = "significance level of the Mann-Whitney test (default 0.01)")
  double alpha;

  @Option(names = "--json", paramLabel = "FILE", description = "write the comparison as JSON")
  Path json;

  @Option(names = "--markdown", paramLabel = "FILE", description = "write it as Markdown")
  Path markdown;

  @Override
  public Integer call() {
    double limit;
    try {
      limit = Percent.parse(threshold.strip());
    } catch (IllegalArgumentException e) {
      System.err.println("--threshold " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    if (!(alpha > 0 && alpha < 1)) {
      System.err.println("--alpha must be between 0 and 1, was " + alpha);
      return ExitCode.INVALID_INPUT;
    }
    Map<String, Double> limits = new LinkedHashMap<>();
    for (String m : metrics == null ? Gate.DEFAULT_METRICS : metrics) {
      limits.put(m.strip(), limit);
    }
    return compare(baseline, current, limits, alpha, json, markdown, System.out, System.err);
  }

  /**
   * Compares two run directories, prints the table, writes the files asked for, and returns the
   * exit code. Shared with a plan's gate.
   */
  static int compare(
      Path baseline,
      Path current,
      Map<String, Double> limits,
      double alpha,
      Path json,
      Path markdown,
      PrintStream out,
      PrintStream err) {
    Comparison comparison;
    try {
      comparison = Comparer.compare(baseline, current, limits, alpha);
    } catch (CompareException e) {
      err.println("cannot compare " + current + " with " + baseline + ": " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    out.print(ComparisonReport.table(comparison));
    try {
      if (json != null) {
        Files.writeString(json, JSON.writeValueAsString(ComparisonReport.json(comparison)) + "\n");
      }
      if (markdown != null) {
        Files.writeString(markdown, ComparisonReport.markdown(comparison));
      }
    } catch (IOException e) {
      err.println("cannot write the comparison: " + e);
      return ExitCode.INVALID_INPUT;
    }
    return comparison.regressions().isEmpty() ? ExitCode.PASSED : ExitCode.THRESHOLD_FAILED;
  }
}
