package io.broadside.agent.client.sagemaker;

import io.broadside.agent.client.ExchangeSink;
import io.broadside.agent.client.http.ResponseDecoder;
import io.broadside.agent.client.sse.SseParser;
import io.broadside.agent.client.tgi.TgiEvents;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * The body of {@code InvokeEndpointWithResponseStream}: AWS event-stream messages decoded by the
 * SDK's decoder (whatever the split of the bytes), whose {@code PayloadPart} payloads are joined
 * into the container's own stream — TGI's SSE events — before it is parsed; a payload part may end
 * anywhere, mid-event or mid-character. An {@code exception} or {@code error} message fails the
 * answer ({@code stream_error}); a message that does not decode (a bad checksum) is {@code
 * protocol}.
 */
final class EventStreamDecoder implements ResponseDecoder {
  private final ExchangeSink sink;
  private final TgiEvents events;
  private final SseParser inner;
  private final MessageDecoder decoder;

  EventStreamDecoder(ExchangeSink sink) {
    this.sink = sink;
    this.events = new TgiEvents(sink);
    this.inner = new SseParser(e -> events.event(e.data()));
    this.decoder = new MessageDecoder(this::message);
  }

  @Override
  public void feed(Buffer bytes) {
    try {
      decoder.feed(bytes.getBytes());
    } catch (RuntimeException e) {
      sink.fail("protocol", "malformed event-stream message: " + e.getMessage());
    }
  }

  private void message(Message message) {
    if (sink.finished()) {
      return;
    }
    Map<String, HeaderValue> headers = message.getHeaders();
    String type = text(headers, ":message-type", "event");
    if (!"event".equals(type)) {
      String name =
          "exception".equals(type)
              ? text(headers, ":exception-type", "exception")
              : text(headers, ":error-code", "error");
      sink.fail(
          "stream_error", name + ": " + new String(message.getPayload(), StandardCharsets.UTF_8));
      return;
    }
    if ("PayloadPart".equals(text(headers, ":event-type", ""))) {
      inner.feed(Buffer.buffer(message.getPayload()));
    }
  }

  private static String text(Map<String, HeaderValue> headers, String name, String absent) {
    HeaderValue value = headers.get(name);
    return value == null ? absent : value.getString();
  }

  @Override
  public void end() {
    if (sink.finished()) {
      return;
    }
    inner.finish();
    events.end();
  }
}
