package io.broadside.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that start an embedded coordinator. */
final class EmbeddedOptions {
  @Option(names = "--out", defaultValue = "runs", description = "folder for run directories")
  Path out;

  @Option(names = "--port", defaultValue = "8420", description = "coordinator HTTP port (0: any)")
  int port;

  @Option(
      names = "--allow-hooks",
      description =
          "let the plan run its commands (a scale study's creation hook) on this host; off by"
              + " default")
  boolean allowHooks;

  @Mixin SecretOptions secrets;
}
