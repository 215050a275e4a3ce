package io.broadside.cli.deploy;

import io.broadside.testing.DebianTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository's deploy/ files and the command-line tools that check them. */
final class Tools {
  private Tools() {}

  /** What a command did: its exit code and its stdout and stderr together. */
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
  /** The tool (Debian's, as .ci/tools.sh installs it), or the test is skipped. */
  static Path require(String name) {
    return DebianTools.require(name);
  }

  /** Runs a command in {@code dir} with no input, for at most a minute. */
  static DebianTools.Result run(Path dir, List<String> command)
      throws IOException, InterruptedException {
    return DebianTools.run(dir, command, null);
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
