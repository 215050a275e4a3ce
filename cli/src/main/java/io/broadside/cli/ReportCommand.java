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
    description =
        "Write a run directory's HTML report: one file with its charts and data, viewable offline.")
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory (under runs/)")
  Path runDir;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "where to write it (default: RUN_DIR/report.html)")
  Path out;

  @Override
  public Integer call() {
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
}
