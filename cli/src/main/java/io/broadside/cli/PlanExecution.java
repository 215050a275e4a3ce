package io.broadside.cli;

import io.broadside.common.summary.Summary;
import io.broadside.common.summary.ThresholdCheck;
import io.broadside.coordinator.report.RunReport;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunManager;
import io.broadside.coordinator.run.RunStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one plan on an embedded cluster: submit, a progress line each second, the summary table, the
 * run directory, and the exit code. Shared by {@code demo} and {@code run}.
 */
final class PlanExecution {
  private PlanExecution() {}

  static int execute(EmbeddedCluster cluster, String planText, Path baseDir, PrintStream out) {
    RunManager.Submission submission = cluster.submit(planText, baseDir);
    if (submission.run() == null) {
      out.println("the plan has " + submission.problems().size() + " problem(s); nothing started:");
      submission.problems().forEach(p -> out.println("  " + p));
      return ExitCode.INVALID_INPUT;
    }
    Run run = submission.run();
    out.println("run " + run.id() + " '" + run.plan().name() + "' → " + run.dir());
    RunReporter reporter = new RunReporter(out);
    Thread hook = new Thread(() -> cluster.stop(run));
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      var ended = cluster.ended(run);
      while (!ended.isComplete()) {
        try {
          ended.await(1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          reporter.progress(cluster.progress(run));
        }
      }
    } catch (Exception e) {
      out.println("run " + run.id() + " could not be followed: " + e);
      return ExitCode.RUN_FAILED;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: the process is being interrupted
      }
    }
    Summary summary = run.summary();
    reporter.summary(summary);
    out.println();
    out.println(
        "run "
            + run.id()
            + " "
            + run.status().wire()
            + (run.error() == null ? "" : ": " + run.error()));
    out.println("results: " + run.dir().toAbsolutePath());
    java.nio.file.Path report = run.dir().resolve(RunReport.FILE);
    if (java.nio.file.Files.exists(report)) {
      out.println("report: " + report.toAbsolutePath());
    }
    if (run.status() == RunStatus.FAILED) {
      return ExitCode.RUN_FAILED;
    }
    List<ThresholdCheck.Failure> failures =
        ThresholdCheck.failures(run.plan().thresholds(), summary);
    failures.forEach(f -> out.println("FAILED " + f));
    return failures.isEmpty() ? ExitCode.PASSED : ExitCode.THRESHOLD_FAILED;
  }
}
