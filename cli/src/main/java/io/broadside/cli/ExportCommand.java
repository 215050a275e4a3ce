package io.broadside.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.coordinator.result.SummaryCsv;
import io.broadside.coordinator.store.RunFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code broadside export RUN_DIR --csv [--out DIR]}: the summary as one CSV file per stage. */
@Command(
    name = "export",
    description =
        "Export a run's summary: with --csv, one CSV per stage (a row per model and the"
            + " all-models row *).")
final class ExportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory")
  Path runDir;

  @Option(names = "--csv", required = true, description = "write CSV files")
  boolean csv;

  @Option(names = "--out", paramLabel = "DIR", description = "folder for the files (the run dir)")
  Path out;

  @Override
  public Integer call() {
    Path summaryFile = runDir.resolve(RunFiles.SUMMARY);
    if (!Files.isRegularFile(summaryFile)) {
      System.err.println(runDir + " has no " + RunFiles.SUMMARY + ": not a run directory");
      return ExitCode.INVALID_INPUT;
    }
    Path folder = out == null ? runDir : out;
    try {
      JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
      Files.createDirectories(folder);
      for (Map.Entry<String, String> stage : SummaryCsv.byStage(summary).entrySet()) {
        Path file = folder.resolve(fileName(stage.getKey()) + ".csv");
        Files.writeString(file, stage.getValue());
        System.out.println(file);
      }
    } catch (IOException e) {
      System.err.println("cannot export " + runDir + ": " + e);
      return ExitCode.INVALID_INPUT;
    }
    return ExitCode.PASSED;
  }

  /** A stage name as a file name: characters other than letters, digits, . _ - become _. */
  static String fileName(String stage) {
    String name = stage.replaceAll("[^A-Za-z0-9._-]", "_");
    return name.isEmpty() || name.startsWith(".") ? "stage" + name : name;
  }
}
