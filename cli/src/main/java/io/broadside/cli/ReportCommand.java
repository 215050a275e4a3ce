package io.broadside.cli;

import io.broadside.coordinator.report.RunReport;
import io.broadside.coordinator.store.RunFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code broadside report RUN_DIR [--out FILE]}: the run's HTML report, one self-contained file.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write a run's HTML report: one file with its charts and data, viewable offline. From a run"
          + " directory, or with --coordinator from a coordinator's run by its id."
    })
final class ReportCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "RUN",
      description = "a run directory (under runs/), or with --coordinator a run's id")
  Path runDir;

  @picocli.CommandLine.Option(
      names = "--coordinator",
      paramLabel = "URL",
      description = "read the run from this coordinator (RUN is its id); --out is then required")
  java.net.URI coordinator;

  @picocli.CommandLine.Option(
      names = "--token-file",
      paramLabel = "FILE",
      defaultValue = "${env:BROADSIDE_TOKEN_FILE}",
      description = "with --coordinator: a file holding one of its tokens")
  Path tokenFile;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "where to write it (default: RUN_DIR/report.html)")
  Path out;

  @Override
  public Integer call() {
    if (coordinator != null) {
      return fromCoordinator();
    }
    if (!Files.isDirectory(runDir)) {
      System.err.println(runDir + ": not a run directory");
      return ExitCode.INVALID_INPUT;
    }
    Path file = out != null ? out : runDir.resolve(RunFiles.REPORT);
    try {
      RunReport.write(runDir, file);
    } catch (IOException e) {
      System.err.println(runDir + ": cannot write the report: " + e.getMessage());
      return ExitCode.RUN_FAILED;
    }
    System.out.println("report: " + file);
    return ExitCode.PASSED;
  }

  private int fromCoordinator() {
    if (out == null) {
      System.out.println("--out FILE is required with --coordinator");
      return ExitCode.INVALID_INPUT;
    }
    String id = runDir.toString();
    return Remote.call(
        () -> {
          RemoteCoordinator.Answer a =
              RemoteCoordinator.of(coordinator, tokenFile, null)
                  .get("/api/v1/runs/" + id + "/report");
          if (a.status() != 200) {
            System.out.println("the coordinator answered HTTP " + a.status() + ": " + a.error());
            return a.status() == 404 ? ExitCode.INVALID_INPUT : ExitCode.RUN_FAILED;
          }
          Files.write(out, a.body());
          System.out.println("report: " + out);
          return ExitCode.PASSED;
        });
  }
}
