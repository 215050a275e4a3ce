package io.broadside.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs a plan as {@code broadside run} does (embedded coordinator and agent), for tests. */
final class PlanRuns {
  private PlanRuns() {}

  /**
   * What a run left: its exit code, what it printed (stdout and stderr), its summary.json (null
   * when it wrote none) and its run directory (null when it made none).
   */
  record Result(int exit, String output, JsonNode summary, Path dir) {}

  /**
   * Writes {@code plan} into {@code dir}, runs it with its results under a fresh folder there, and
   * {@code options} after the usual ones.
   */
  static Result run(Path dir, String plan, String... options) throws Exception {
    Path file = dir.resolve("plan-" + System.nanoTime() + ".yaml");
    Files.writeString(file, plan);
    Path out = dir.resolve("runs-" + System.nanoTime());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    int exit;
    try {
      PrintStream both = new PrintStream(printed, true, StandardCharsets.UTF_8);
      System.setOut(both);
      System.setErr(both);
      java.util.List<String> args =
          new java.util.ArrayList<>(
              java.util.List.of("run", file.toString(), "--port", "0", "--out", out.toString()));
      args.addAll(java.util.List.of(options));
      exit = Main.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    stdout.print(output);
    JsonNode summary = null;
    Path run = null;
    if (Files.isDirectory(out)) {
      try (var runs = Files.list(out)) {
        run = runs.findFirst().orElse(null);
        if (run != null && Files.exists(run.resolve("summary.json"))) {
          summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        }
      }
    }
    return new Result(exit, output, summary, run);
  }
}
