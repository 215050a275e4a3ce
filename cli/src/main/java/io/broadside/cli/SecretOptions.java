package io.broadside.cli;

import io.broadside.agent.client.SecretSources;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a plan's auth may take secrets from on an agent: the commands that start one. */
final class SecretOptions {
  @Option(
      names = "--secret-env-prefix",
      defaultValue = SecretSources.DEFAULT_PREFIX,
      description =
          "the prefix of the environment variables a plan's auth may read (default: BROADSIDE_)")
  String envPrefix;

  @Option(
      names = "--secret-dir",
      paramLabel = "DIR",
      description =
          "the folder a plan's bearerFile may name (broadside run: the plan's folder by default;"
              + " an agent reads none without it)")
  Path dir;

  /** The sources; {@code defaultDir} (nullable) when no --secret-dir was given. */
  SecretSources sources(Path defaultDir) {
    return new SecretSources(envPrefix, dir != null ? dir : defaultDir);
  }
}
