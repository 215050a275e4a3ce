package io.broadside.agent.client.http;

import io.broadside.agent.client.ExchangeSink;
import io.vertx.core.buffer.Buffer;

/**
 * A {@link ResponseDecoder} for a whole (non-streamed) answer: the body is gathered, then {@code
 * reader} reports what it carries. A reader that throws — the body is not the JSON it expects —
 * fails the exchange as {@code protocol}; one that returns normally has the exchange completed as
 * unary, unless it ended it itself.
 */
public final class JsonBodyDecoder implements ResponseDecoder {
  /** Reads a whole body into the sink's events (chunk, usage). */
  @FunctionalInterface
  public interface BodyReader {
    void read(Buffer body, ExchangeSink sink) throws Exception;
  }

  private final ExchangeSink sink;
  private final BodyReader reader;
  private Buffer body;

  public JsonBodyDecoder(ExchangeSink sink, BodyReader reader) {
    this.sink = sink;
    this.reader = reader;
  }

  @Override
  public void feed(Buffer bytes) {
    if (body == null) {
      body = bytes.copy();
    } else {
      body.appendBuffer(bytes);
    }
  }

  @Override
  public void end() {
    Buffer whole = body == null ? Buffer.buffer() : body;
    try {
      reader.read(whole, sink);
    } catch (Exception e) {
      sink.fail(
          "protocol",
          "malformed response: " + e.getMessage() + " in " + HttpTransport.snippet(whole));
      return;
    }
    sink.complete(false);
  }
}
