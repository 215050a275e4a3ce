package io.broadside.agent.client.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  private static final String STREAM =
      ": ping\r\n"
          + "data: {\"a\":1}\r\n\r\n"
          + "event: message\n"
          + "data: line one\n"
          + "data: line two\n\n"
          + "data:{\"b\":\"é\"}\r\r"
          + ": comment between events\n\n"
          + "data: [DONE]\n\n";

  @Test
  void parsesEventsSplitAtEveryByteBoundary() {
    byte[] bytes = STREAM.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int split = 0; split <= bytes.length; split++) {
      List<SseParser.Event> events = new ArrayList<>();
      SseParser parser = new SseParser(events::add);
      parser.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, 0, split)));
      parser.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, split, bytes.length)));
      assertThat(events)
          .as("split at %d", split)
          .containsExactly(
              new SseParser.Event(null, "{\"a\":1}"),
              new SseParser.Event("message", "line one\nline two"),
              new SseParser.Event(null, "{\"b\":\"é\"}"),
              new SseParser.Event(null, "[DONE]"));
    }
  }

  @Test
  void parsesOneByteAtATime() {
    List<SseParser.Event> events = new ArrayList<>();
    SseParser parser = new SseParser(events::add);
    for (byte b : STREAM.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      parser.feed(Buffer.buffer(new byte[] {b}));
    }
    assertThat(events).hasSize(4);
  }

  @Test
  void commentsAloneDispatchNothing() {
    List<SseParser.Event> events = new ArrayList<>();
    new SseParser(events::add).feed(Buffer.buffer(": keep-alive\n\n: again\n\n"));
    assertThat(events).isEmpty();
  }
}
