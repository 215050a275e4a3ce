package io.broadside.coordinator.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * {@code audit.jsonl} in the data folder: a line of JSON for every request that would change
 * something (launch, stop, delete, upload, compare), allowed or refused: when, who (the token's
 * name and role), from where, what, on which run and against which target, and the answer's status.
 * Appended in order on a worker thread; created readable by its owner only.
 */
public final class AuditLog {
  public static final String FILE = "audit.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final Path file;

  public AuditLog(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    this.file = dataDir.resolve(FILE);
  }

  public Path file() {
    return file;
  }

  /** Appends one event (its fields in order); a failure to write is returned, never thrown. */
  public Future<Void> append(Map<String, Object> event) {
    String line;
    try {
      line = JSON.writeValueAsString(event) + "\n";
    } catch (JsonProcessingException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(
        () -> {
          write(line);
          return null;
        },
        true);
  }

  private void write(String line) throws IOException {
    Files.createDirectories(file.getParent());
    if (!Files.exists(file)
        && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // written by the line before
      }
    }
    Files.writeString(
        file,
        line,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
  }
}
