package io.broadside.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that talk to a running coordinator. */
final class RemoteOptions {
  @Option(
      names = "--coordinator",
      paramLabel = "URL",
      defaultValue = "${env:BROADSIDE_COORDINATOR:-http://127.0.0.1:8420}",
      description =
          "the coordinator's address (default: $BROADSIDE_COORDINATOR, else"
              + " http://127.0.0.1:8420)")
  URI coordinator;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      defaultValue = "${env:BROADSIDE_TOKEN_FILE}",
      description =
          "a file holding one of the coordinator's tokens (broadside token add); default:"
              + " $BROADSIDE_TOKEN_FILE")
  Path tokenFile;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description = "PEM certificates to trust for an https coordinator (a private authority)")
  Path caFile;

  RemoteCoordinator client() throws IOException {
    return RemoteCoordinator.of(coordinator, tokenFile, caFile);
  }
}
