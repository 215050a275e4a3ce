package io.broadside.cli.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The repository's deploy/ files and the command-line tools that check them. */
final class Tools {
  private Tools() {}

  /** What a command did: its exit code and its stdout and stderr together. */
  record Result(int rc, String output) {}

  /** The repository root (tests run in cli/). */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no deploy/ above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** The executable, from PATH or at one of {@code paths}; the test is skipped without it. */
  static Path require(String name, String... paths) {
    Optional<Path> found = find(name, paths);
    assumeTrue(found.isPresent(), name + " is not installed (bash .ci/tools.sh installs it)");
    return found.get();
  }

  static Optional<Path> find(String name, String... paths) {
    for (String p : paths) {
      if (Files.isExecutable(Path.of(p))) {
        return Optional.of(Path.of(p));
      }
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Optional.of(Path.of(dir, name));
      }
    }
    return Optional.empty();
  }

  /** Runs a command in {@code dir} with no input, for at most a minute. */
  static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("broadside-deploy", ".out");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Copies a folder tree (small: manifests). */
  static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
