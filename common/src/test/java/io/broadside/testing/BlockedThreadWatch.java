package io.broadside.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects Vert.x blocked-thread warnings ("... has been blocked for ...") logged while it is
 * installed, so a test can fail when an event loop was blocked. Works through java.util.logging,
 * Vert.x's default logging backend.
 */
public final class BlockedThreadWatch extends Handler implements AutoCloseable {
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Logger root = Logger.getLogger("");

  public static BlockedThreadWatch install() {
    BlockedThreadWatch watch = new BlockedThreadWatch();
    watch.root.addHandler(watch);
    return watch;
  }

  @Override
  public void publish(LogRecord record) {
    String message = record.getMessage();
    if (message != null && message.contains("has been blocked for")) {
      warnings.add(message);
    }
  }

  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
  }
}
