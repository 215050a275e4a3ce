package io.broadside.agent.client.sse;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental server-sent-events parser (the WHATWG event-stream grammar): bytes arrive in any
 * split across reads; lines end in LF, CRLF or CR; {@code :} lines are comments; {@code data} lines
 * of one event are joined with LF; an empty line dispatches the event. One instance per response,
 * on one thread.
 */
public final class SseParser {
  /** One dispatched event; {@code event} is null for the default type. */
  public record Event(String event, String data) {}

  private final Consumer<Event> sink;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream(256);
  private String data;
  private StringBuilder moreData;
  private String eventType;
  private boolean lastWasCr;

  public SseParser(Consumer<Event> sink) {
    this.sink = sink;
  }

  /** Feeds the next bytes of the stream; complete events are dispatched before it returns. */
  public void feed(Buffer buffer) {
    int n = buffer.length();
    int lineStart = 0;
    for (int i = 0; i < n; i++) {
      byte b = buffer.getByte(i);
      if (b != '\n' && b != '\r') {
        continue;
      }
      boolean skip = b == '\n' && lastWasCr && i == lineStart && partial.size() == 0;
      lastWasCr = b == '\r';
      if (!skip) {
        endLine(lineText(buffer, lineStart, i));
      }
      lineStart = i + 1;
    }
    if (lineStart < n) {
      lastWasCr = false;
      partial.write(buffer.getBytes(lineStart, n), 0, n - lineStart);
    }
  }

  /**
   * The stream ended: a last line without its line end, and an event without its blank line, are
   * dispatched (servers that end the body right after the last {@code data:} line).
   */
  public void finish() {
    if (partial.size() > 0) {
      String text = partial.toString(StandardCharsets.UTF_8);
      partial.reset();
      endLine(text);
    }
    dispatch();
  }

  /** The line's text: straight from the buffer when it lies in one read (the common case). */
  private String lineText(Buffer buffer, int from, int to) {
    if (partial.size() == 0) {
      return from == to ? "" : buffer.getString(from, to, "UTF-8");
    }
    partial.write(buffer.getBytes(from, to), 0, to - from);
    String text = partial.toString(StandardCharsets.UTF_8);
    partial.reset();
    return text;
  }

  private void endLine(String text) {
    if (text.isEmpty()) {
      dispatch();
      return;
    }
    if (text.charAt(0) == ':') {
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    int valueStart = colon < 0 ? text.length() : colon + 1;
    if (valueStart < text.length() && text.charAt(valueStart) == ' ') {
      valueStart++;
    }
    String value = text.substring(valueStart);
    switch (field) {
      case "data" -> {
        if (data == null) {
          data = value;
        } else {
          if (moreData == null) {
            moreData = new StringBuilder(data);
          }
          moreData.append('\n').append(value);
        }
      }
      case "event" -> eventType = value;
      default -> {
        // id, retry and unknown fields do not concern a load generator
      }
    }
  }

  private void dispatch() {
    if (data != null) {
      sink.accept(new Event(eventType, moreData != null ? moreData.toString() : data));
    }
    data = null;
    moreData = null;
    eventType = null;
  }
}
