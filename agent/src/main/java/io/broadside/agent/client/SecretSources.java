package io.broadside.agent.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an agent lets a plan's {@code auth} take secrets from: environment variables whose names
 * start with a prefix its operator chose ({@code BROADSIDE_} by default), and files inside one
 * folder its operator chose (none by default). A plan cannot make an agent send its cloud keys, its
 * {@code HOME} or a service account's token to a URL of the plan's choosing.
 *
 * @param envPrefix the prefix an environment variable's name must start with (non-empty)
 * @param fileDir nullable: the folder secret files must lie in; null: no secret file is read
 */
public record SecretSources(String envPrefix, Path fileDir) {
  public static final String DEFAULT_PREFIX = "BROADSIDE_";
  public static final SecretSources DEFAULT = new SecretSources(DEFAULT_PREFIX, null);

  public SecretSources {
    Objects.requireNonNull(envPrefix);
    if (envPrefix.isEmpty()) {
      throw new IllegalArgumentException(
          "the secret environment prefix must not be empty: it would open every variable");
    }
    fileDir = fileDir == null ? null : fileDir.toAbsolutePath().normalize();
  }

  /** The value of environment variable {@code name}, if this agent lets plans read it. */
  String env(String name) {
    if (!name.startsWith(envPrefix)) {
      throw new IllegalStateException(
          "environment variable "
              + name
              + " is not one this agent lets plans read: only names that start with "
              + envPrefix
              + " (--secret-env-prefix)");
    }
    String value = System.getenv(name);
    if (value == null) {
      throw new IllegalStateException("environment variable " + name + " is not set on this agent");
    }
    return value;
  }

  /** {@code file}, if it lies in the secret folder (after following links). */
  Path file(Path file) {
    String name = String.valueOf(file.getFileName());
    if (fileDir == null) {
      throw new IllegalStateException(
          "secret file "
              + name
              + ": this agent reads no secret file (start it with --secret-dir DIR to allow those"
              + " in DIR)");
    }
    try {
      Path real = file.toRealPath();
      if (!real.startsWith(fileDir.toRealPath())) {
        throw new IllegalStateException(
            "secret file " + name + " is not in this agent's --secret-dir");
      }
      return real;
    } catch (IOException e) {
      throw new IllegalStateException("secret file " + name + " cannot be read", e);
    }
  }
}
