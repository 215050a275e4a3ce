package io.broadside.simulator.sagemaker;

import io.broadside.simulator.fault.Fault;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.HttpExchange;
import io.broadside.simulator.tgi.TgiFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * InvokeEndpointWithResponseStream's answer: AWS event-stream {@code PayloadPart} messages whose
 * payloads, concatenated, are TGI's {@code /generate_stream} SSE text. The text is cut at seeded
 * random sizes of 1–64 bytes, so JSON and UTF-8 are split; every token's bytes go out when the
 * token is made (so its time is the engine's), keep-alive comments with the next token's. A
 * malformed fault sends the second token's part with a bad CRC; keep-alives are SSE comments in the
 * inner stream. Owned by the simulator's context.
 */
final class EventStreamExchange extends HttpExchange {
  private static final Map<String, HeaderValue> PAYLOAD_PART =
      Map.of(
          ":message-type", HeaderValue.fromString("event"),
          ":event-type", HeaderValue.fromString("PayloadPart"),
          ":content-type", HeaderValue.fromString("application/octet-stream"));

  private final TgiFormat format;
  private final Random parts;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  EventStreamExchange(
      HttpServerResponse response,
      RequestRecord record,
      EpochMicroClock clock,
      Fault fault,
      int keepAliveEvery,
      TgiFormat format,
      long seed) {
    super(response, record, clock, fault, true, keepAliveEvery);
    this.format = format;
    this.parts = new Random(seed);
  }

  @Override
  protected void start() {
    response
        .setChunked(true)
        .putHeader("Content-Type", "application/vnd.amazon.eventstream")
        .putHeader("X-Amzn-SageMaker-Content-Type", "text/event-stream")
        .writeHead();
  }

  @Override
  protected void write(int index, boolean last) {
    byte[] text = format.token(index, last).getBytes(StandardCharsets.UTF_8);
    pending.writeBytes(text);
    record.tokenChunk(clock.nowMicros(), 1);
    Buffer out = Buffer.buffer();
    byte[] bytes = pending.toByteArray();
    int at = 0;
    while (at < bytes.length) {
      int size = 1 + parts.nextInt(64);
      int end = Math.min(bytes.length, at + size);
      out.appendBuffer(part(bytes, at, end));
      at = end;
    }
    pending.reset();
    pending.write(bytes, at, bytes.length - at);
    if (last) {
      response.end(out);
      finish();
    } else if (out.length() > 0) {
      response.write(out);
    }
  }

  @Override
  protected void writeMalformed(int index, boolean last) {
    byte[] text = format.token(index, last).getBytes(StandardCharsets.UTF_8);
    Buffer bad = part(text, 0, text.length);
    bad.setByte(bad.length() - 1, (byte) ~bad.getByte(bad.length() - 1));
    record.tokenChunk(clock.nowMicros(), 1);
    if (last) {
      response.end(bad);
      finish();
    } else {
      response.write(bad);
    }
  }

  @Override
  protected void keepAlive() {
    pending.writeBytes(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
  }

  private static Buffer part(byte[] bytes, int from, int to) {
    byte[] payload = new byte[to - from];
    System.arraycopy(bytes, from, payload, 0, payload.length);
    ByteBuffer encoded = new Message(PAYLOAD_PART, payload).toByteBuffer();
    byte[] out = new byte[encoded.remaining()];
    encoded.get(out);
    return Buffer.buffer(out);
  }
}
