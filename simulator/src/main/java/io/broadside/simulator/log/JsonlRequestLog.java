package io.broadside.simulator.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A JSONL file of {@link RequestLogEntry}s written with Vert.x's {@link AsyncFile}: entries are
 * serialized on the caller's context and gathered while one write is in flight, so under load the
 * file sees few large writes. Called on the simulator's context only; never blocks it.
 */
public final class JsonlRequestLog implements RequestLog {
  private static final Logger LOG = Logger.getLogger(JsonlRequestLog.class.getName());
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final AsyncFile file;
  private final Path path;
  private final Promise<Void> closed = Promise.promise();
  private Buffer pending = Buffer.buffer();
  private boolean writing;
  private boolean closing;
  private boolean failureLogged;

  private JsonlRequestLog(AsyncFile file, Path path) {
    this.file = file;
    this.path = path;
  }

  /** Creates or truncates {@code path} off the event loop and returns the open log. */
  public static Future<RequestLog> open(Vertx vertx, Path path) {
    OpenOptions options =
        new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true);
    return vertx
        .fileSystem()
        .open(path.toString(), options)
        .map(file -> new JsonlRequestLog(file, path));
  }

  /**
   * Builds the serializer of {@link RequestLogEntry} (a cold Jackson mapper takes hundreds of
   * milliseconds) so that the first append does not pay for it on the event loop. Blocking: call on
   * a worker thread.
   */
  public static void warmUp() {
    try {
      MAPPER.writeValueAsString(
          new RequestLogEntry(
              "warm-up",
              "",
              "chat",
              "",
              true,
              0,
              List.of(0L),
              List.of(0L),
              0,
              0,
              0,
              false,
              0,
              0,
              java.util.Map.of("x", "y")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a request log entry", e);
    }
  }

  @Override
  public void append(RequestLogEntry entry) {
    if (closing) {
      return;
    }
    try {
      pending.appendString(MAPPER.writeValueAsString(entry)).appendString("\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a request log entry", e);
    }
    writePending();
  }

  @Override
  public Future<Void> close() {
    if (!closing) {
      closing = true;
      writePending();
    }
    return closed.future();
  }

  private void writePending() {
    if (writing) {
      return;
    }
    if (pending.length() == 0) {
      if (closing) {
        file.close().onComplete(closed);
      }
      return;
    }
    Buffer batch = pending;
    pending = Buffer.buffer();
    writing = true;
    file.write(batch)
        .onComplete(
            done -> {
              writing = false;
              if (done.failed() && !failureLogged) {
                failureLogged = true;
                LOG.log(Level.WARNING, "cannot write request log " + path, done.cause());
              }
              writePending();
            });
  }
}
