package io.broadside.cli;

import io.broadside.agent.client.SecretSources;
import java.nio.file.Path;
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

  @Option(
      names = "--secret-env-prefix",
      defaultValue = SecretSources.DEFAULT_PREFIX,
      description =
          "the prefix of the environment variables a plan's auth may read (default: BROADSIDE_)")
  String secretEnvPrefix;

  @Option(
      names = "--secret-dir",
      paramLabel = "DIR",
      description = "the folder a plan's bearerFile may name (default: the plan's folder)")
  Path secretDir;

  /** Where the plan's auth may take secrets from; {@code planDir} when no --secret-dir. */
  SecretSources secrets(Path planDir) {
    return new SecretSources(secretEnvPrefix, secretDir != null ? secretDir : planDir);
  }
}
