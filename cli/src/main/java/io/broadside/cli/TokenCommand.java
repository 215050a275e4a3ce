package io.broadside.cli;

import io.broadside.coordinator.access.AccessTokens;
import io.broadside.coordinator.access.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broadside token}: makes a REST API token and adds its hash to a tokens file; the token
 * itself is shown once (or written to a file of its own) and kept nowhere else.
 */
@Command(
    name = "token",
    description =
        "Make a token for a coordinator's REST API: its hash goes into the tokens file the"
            + " coordinator reads (--tokens), the token to stdout or --out.")
final class TokenCommand implements Callable<Integer> {
  @Option(names = "--name", required = true, description = "who holds it, as the audit log says")
  String name;

  @Option(
      names = "--role",
      required = true,
      description = "viewer (reads), operator (also launches, stops, compares, uploads) or admin")
  String role;

  @Option(
      names = "--tokens",
      required = true,
      paramLabel = "FILE",
      description = "the tokens file to add it to (created readable by its owner only)")
  Path tokens;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "write the token to this file (owner only) instead of stdout")
  Path out;

  @Override
  public Integer call() throws IOException {
    Role r = Role.of(role.toLowerCase(Locale.ROOT)).orElse(null);
    if (r == null) {
      System.err.println("--role is one of viewer, operator, admin");
      return ExitCode.INVALID_INPUT;
    }
    String token = AccessTokens.newToken();
    String line;
    try {
      line = AccessTokens.line(name, r, token);
    } catch (IllegalArgumentException e) {
      System.err.println("--name: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    if (Files.exists(tokens)) {
      try {
        AccessTokens existing = AccessTokens.read(tokens);
        if (existing.names().contains(name)) {
          System.err.println(
              "the tokens file already has a token named " + name + ": choose another name");
          return ExitCode.INVALID_INPUT;
        }
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return ExitCode.INVALID_INPUT;
      }
    }
    if (out != null) {
      ownerOnly(out);
      Files.writeString(out, token + "\n", StandardCharsets.UTF_8);
    }
    ownerOnly(tokens);
    Files.writeString(
        tokens,
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    if (out == null) {
      System.out.println(token);
      System.err.println(
          "token "
              + name
              + " ("
              + r.wire()
              + ") added to "
              + tokens
              + "; it is shown once: keep it, the file holds only its hash");
    } else {
      System.err.println(
          "token " + name + " (" + r.wire() + ") added to " + tokens + ", written to " + out);
    }
    return ExitCode.PASSED;
  }

  /** Creates the file empty and readable by its owner only, if it does not exist. */
  static void ownerOnly(Path file) throws IOException {
    if (Files.exists(file)) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
  }
}
