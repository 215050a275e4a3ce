package io.broadside.simulator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** A java.util.logging handler on the root logger that keeps Vert.x's blocked-thread warnings. */
final class RecordingBlockedThreadHandler extends Handler {
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  static RecordingBlockedThreadHandler install() {
    RecordingBlockedThreadHandler handler = new RecordingBlockedThreadHandler();
    Logger.getLogger("").addHandler(handler);
    return handler;
  }

  void uninstall() {
    Logger.getLogger("").removeHandler(this);
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public void publish(LogRecord record) {
    String message = record.getMessage();
    if (message != null && message.contains("has been blocked")) {
      warnings.add(message);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
