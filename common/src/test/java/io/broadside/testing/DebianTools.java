package io.broadside.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tools the tests use beyond Maven, from Debian's packages as {@code .ci/tools.sh} installs them:
 * Prometheus and promtool unpacked under {@code /opt/broadside-tools/prometheus} (or on PATH).
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

  /** A binary from the unpacked Debian package, else from PATH. */
  public static Optional<Path> find(String name) {
    Path unpacked = UNPACKED.resolve(name);
    if (Files.isExecutable(unpacked)) {
      return Optional.of(unpacked);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }
}
