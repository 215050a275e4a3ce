package io.broadside.agent.client.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.agent.client.RecordingSink;
import io.broadside.agent.client.caikit.CaikitHttpDialect;
import io.broadside.agent.client.http.ResponseDecoder;
import io.broadside.agent.client.tgi.TgiEvents;
import io.broadside.agent.client.triton.TritonGenerateDialect;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * What the stream decoders make of the events a server sends when it fails mid-answer (the
 * simulator's faults cut or garble streams; these are the servers' own error events).
 */
class StreamDecodersTest {
  @Test
  void tgiErrorEventFailsTheAnswerAsAStreamError() {
    RecordingSink sink = new RecordingSink();
    TgiEvents events = new TgiEvents(sink);

    events.event("{\"index\":0,\"token\":{\"id\":1,\"text\":\" a\",\"special\":false}}");
    events.event("{\"error\":\"CUDA out of memory\",\"error_type\":\"generation\"}");

    assertThat(sink.chunkTokens).containsExactly(1);
    assertThat(sink.errorClass).isEqualTo("stream_error");
    assertThat(sink.detail).contains("CUDA out of memory");
  }

  @Test
  void tgiStreamThatEndsBeforeItsLastEventIsAProtocolError() {
    RecordingSink sink = new RecordingSink();
    TgiEvents events = new TgiEvents(sink);

    events.event("{\"index\":0,\"token\":{\"id\":1,\"text\":\" a\",\"special\":false}}");
    events.end();

    assertThat(sink.errorClass).isEqualTo("protocol");
  }

  @Test
  void tritonErrorEventUnderA200FailsTheAnswer() {
    RecordingSink sink = new RecordingSink();
    ResponseDecoder decoder = new TritonGenerateDialect("", true).decoder(null, sink);

    decoder.feed(Buffer.buffer("data: {\"text_output\":\" a\"}\n\ndata: {\"error\":\"boom\"}\n\n"));
    decoder.end();

    assertThat(sink.chunkTokens).containsExactly(1);
    assertThat(sink.errorClass).isEqualTo("stream_error");
  }

  @Test
  void caikitErrorEventFailsTheAnswerAndPingsAreIgnored() {
    RecordingSink sink = new RecordingSink();
    ResponseDecoder decoder = new CaikitHttpDialect("", true).decoder(null, sink);

    decoder.feed(
        Buffer.buffer(
            "event: message\r\ndata: {\"generated_text\":\"\",\"details\":{\"generated_tokens\":0,"
                + "\"input_token_count\":3}}\r\n\r\n: ping - 2026-12-01 21:00:00\r\n\r\n"
                + "event: message\r\ndata: {\"generated_text\":\" a\",\"details\":"
                + "{\"generated_tokens\":1}}\r\n\r\n"
                + "event: error\r\ndata: {\"details\":\"boom\",\"code\":500,\"id\":\"x\"}\r\n\r\n"));

    assertThat(sink.chunkTokens).containsExactly(0, 1);
    assertThat(sink.errorClass).isEqualTo("stream_error");
    assertThat(sink.detail).contains("boom");
  }

  @Test
  void sageMakerModelStreamErrorFailsTheAnswerAndABadChecksumIsAProtocolError() {
    RecordingSink failed = new RecordingSink();
    EventStreamDecoder decoder = new EventStreamDecoder(failed);
    decoder.feed(part("data:{\"index\":0,\"token\":{\"id\":1,\"text\":\" a\"}}\n\n"));
    decoder.feed(
        message(
            Map.of(
                ":message-type", HeaderValue.fromString("exception"),
                ":exception-type", HeaderValue.fromString("ModelStreamError")),
            "{\"Message\":\"broken\",\"ErrorCode\":\"StreamBroken\"}"));

    assertThat(failed.chunkTokens).containsExactly(1);
    assertThat(failed.errorClass).isEqualTo("stream_error");
    assertThat(failed.detail).contains("ModelStreamError").contains("StreamBroken");

    RecordingSink garbled = new RecordingSink();
    Buffer bad = part("data:{\"index\":0}\n\n");
    bad.setByte(bad.length() - 1, (byte) ~bad.getByte(bad.length() - 1));
    new EventStreamDecoder(garbled).feed(bad);

    assertThat(garbled.errorClass).isEqualTo("protocol");
  }

  private static Buffer part(String payload) {
    return message(
        Map.of(
            ":message-type", HeaderValue.fromString("event"),
            ":event-type", HeaderValue.fromString("PayloadPart")),
        payload);
  }

  private static Buffer message(Map<String, HeaderValue> headers, String payload) {
    ByteBuffer encoded =
        new Message(headers, payload.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return Buffer.buffer(bytes);
  }
}
