package io.broadside.coordinator.study;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a plan's command (a hook) to its end: blocking, so only on a worker thread, bounded to a
 * minute, its output (stdout and stderr, the first 4 KiB) kept. Only a coordinator started with
 * {@code --allow-hooks} runs plans that have commands.
 */
final class Commands {
  static final long TIMEOUT_S = 60;

  private Commands() {}

  /**
   * How a command ended.
   *
   * @param failure null when it exited with 0; else why not (exit code and first line of output,
   *     could not start, timed out)
   */
  record Result(String output, String failure) {}

  static Result run(List<String> command, Map<String, String> env) throws InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result("", "could not start " + command.get(0) + ": " + e.getMessage());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[4096];
                for (int n; (n = in.read(buf)) >= 0; ) {
                  synchronized (out) {
                    if (out.size() < 4096) {
                      out.write(buf, 0, Math.min(n, 4096 - out.size()));
                    }
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "command-output");
    reader.setDaemon(true);
    reader.start();
    if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result("", "timed out after " + TIMEOUT_S + " s");
    }
    reader.join(1_000);
    String text;
    synchronized (out) {
      text = out.toString(StandardCharsets.UTF_8).strip();
    }
    if (p.exitValue() == 0) {
      return new Result(text, null);
    }
    String first = text.isEmpty() ? "" : ": " + text.lines().findFirst().orElse("");
    return new Result(text, "exited with " + p.exitValue() + first);
  }
}
