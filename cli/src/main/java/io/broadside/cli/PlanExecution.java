package io.broadside.cli;

import io.broadside.common.plan.Gate;
import io.broadside.common.summary.Summary;
import io.broadside.common.summary.ThresholdCheck;
import io.broadside.coordinator.compare.Comparer;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunEvents;
import io.broadside.coordinator.run.RunStatus;
import io.broadside.coordinator.runs.RunManager;
import io.broadside.coordinator.store.RunFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one plan on an embedded cluster: submit, a progress line each second, the summary table, the
 * run directory, and the exit code. Shared by {@code demo} and {@code run}.
 */
final class PlanExecution {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

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
    // SIGTERM: the run stops and its results are written before the process goes
    Thread hook =
        new Thread(
            () -> {
              cluster.stop(run);
              awaitQuietly(cluster.ended(run), 60);
            });
    Runtime.getRuntime().addShutdownHook(hook);
    Interrupts interrupts =
        new Interrupts(
            () -> {
              out.println(
                  "interrupted: stopping run "
                      + run.id()
                      + "; its agents flush what they measured (Ctrl-C again to exit at once)");
              cluster.stop(run);
            },
            () ->
                out.println(
                    "exiting at once: "
                        + run.dir().toAbsolutePath()
                        + " keeps what was acknowledged (histograms.hlog, counters.tsv); a"
                        + " coordinator started on that folder reads it back as interrupted"));
    // the run's live events, as the console and a remote command line get them
    java.util.concurrent.BlockingQueue<RunEvents.Event> events =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.function.Consumer<RunEvents.Event> listener = events::add;
    events.addAll(run.events().subscribe(0, listener));
    long told = 0;
    try (interrupts) {
      var ended = cluster.ended(run);
      while (!ended.isComplete() || !events.isEmpty()) {
        RunEvents.Event e = events.poll(200, TimeUnit.MILLISECONDS);
        if (e != null && e.id() > told) {
          told = e.id();
          reporter.event(e.type(), JSON.readTree(e.data()));
        }
      }
    } catch (Exception e) {
      out.println("run " + run.id() + " could not be followed: " + e);
      return ExitCode.RUN_FAILED;
    } finally {
      run.events().unsubscribe(listener);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: the process is being stopped
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
    java.nio.file.Path report = run.dir().resolve(RunFiles.REPORT);
    if (java.nio.file.Files.exists(report)) {
      out.println("report: " + report.toAbsolutePath());
    }
    int exit =
        verdict(
            run.status() == RunStatus.FAILED,
            interrupts.interrupted(),
            run.plan().thresholds(),
            summary,
            out);
    if (exit == ExitCode.RUN_FAILED || exit == Interrupts.EXIT) {
      return exit;
    }
    Gate gate = run.plan().gate();
    return gate == null ? exit : Math.max(exit, gate(gate, run, out));
  }

  /**
   * The exit code of a run that ended, local or remote: 3 when it failed, 130 when Ctrl-C stopped
   * it, 1 when a threshold failed or every request failed, else 0; prints why.
   */
  static int verdict(
      boolean failed,
      boolean interrupted,
      io.broadside.common.plan.Thresholds thresholds,
      Summary summary,
      PrintStream out) {
    if (failed) {
      return ExitCode.RUN_FAILED;
    }
    if (interrupted) {
      out.println("stopped by Ctrl-C: the results above hold what was measured until then");
      return Interrupts.EXIT;
    }
    List<ThresholdCheck.Failure> failures = ThresholdCheck.failures(thresholds, summary);
    failures.forEach(f -> out.println("FAILED " + f));
    int exit = failures.isEmpty() ? ExitCode.PASSED : ExitCode.THRESHOLD_FAILED;
    String onlyFailed = summary.onlyFailed();
    if (onlyFailed != null) {
      // a run that only failed never passes, thresholds or none
      out.println("FAILED " + onlyFailed);
      exit = ExitCode.THRESHOLD_FAILED;
    }
    return exit;
  }

  private static void awaitQuietly(io.vertx.core.Future<?> f, int seconds) {
    try {
      f.await(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the process is going anyway: what was acknowledged is on disk
    }
  }

  /**
   * Compares the finished run with the gate's baseline (a directory, else a run id in the same
   * results folder), prints the table, writes compare.json and compare.md into the run directory,
   * and returns 1 on a regression, 2 when there is no such baseline or it cannot be compared.
   */
  private static int gate(Gate gate, Run run, PrintStream out) {
    Path baseline =
        gate.baselineDir() != null
            ? gate.baselineDir()
            : run.dir().toAbsolutePath().getParent().resolve(gate.baseline());
    out.println();
    out.println("gate: comparing with the baseline " + gate.baseline() + " (" + baseline + ")");
    if (!Files.isDirectory(baseline)) {
      out.println(
          "gate: no baseline run '"
              + gate.baseline()
              + "': neither a directory next to the plan nor a run in "
              + run.dir().toAbsolutePath().getParent());
      return ExitCode.INVALID_INPUT;
    }
    int exit =
        CompareCommand.compare(
            baseline,
            run.dir(),
            gate.limits(),
            Comparer.ALPHA,
            run.dir().resolve("compare.json"),
            run.dir().resolve("compare.md"),
            out,
            out);
    if (exit == ExitCode.THRESHOLD_FAILED) {
      out.println("FAILED gate: a regression against " + gate.baseline());
    }
    return exit;
  }
}
