package io.broadside.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Tools the tests use beyond Maven, from Debian's packages as {@code .ci/tools.sh} installs them:
 * Prometheus and promtool unpacked under {@code /opt/broadside-tools/prometheus} (or on PATH);
 * chromium and chromedriver on PATH.
 */
public final class DebianTools {
  private static final Path UNPACKED = Path.of("/opt/broadside-tools/prometheus/usr/bin");

  private DebianTools() {}

  public static Optional<Path> prometheus() {
    return find("prometheus");
  }

  public static Optional<Path> promtool() {
    return find("promtool");
  }

  /**
   * The binary. On a developer's machine without it the test is skipped; under CI (the environment
   * variable {@code CI} is {@code true}) it fails instead, since CI runs {@code .ci/tools.sh} first
   * and a tool missing there is a broken setup, not a reason to test less.
   */
  public static Path require(String name) {
    Optional<Path> found = find(name);
    if (found.isEmpty() && underCi()) {
      throw new AssertionError(
          name
              + " is not installed, and under CI a missing tool fails the test"
              + " (bash .ci/tools.sh installs it)");
    }
    Assumptions.assumeTrue(
        found.isPresent(), name + " is not installed (bash .ci/tools.sh installs it)");
    return found.get();
  }

  /** Whether the tests run under CI ({@code CI=true}, as {@code .ci/run} is run). */
  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** What a command printed (stdout and stderr together) and its exit code. */
  public record Result(int exit, String output) {}

  /**
   * Runs a command in {@code dir} with {@code stdin} as its input (none when null), for at most a
   * minute.
   */
  public static Result run(Path dir, List<String> command, String stdin)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("broadside-tool", ".out");
    try {
      ProcessBuilder b =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      if (stdin == null) {
        b.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      }
      Process p = b.start();
      if (stdin != null) {
        try (var in = p.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** A binary from the unpacked Debian package, else from PATH. */
  public static Optional<Path> find(String name) {
    Path unpacked = UNPACKED.resolve(name);
    if (Files.isExecutable(unpacked)) {
      return Optional.of(unpacked);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }
}
