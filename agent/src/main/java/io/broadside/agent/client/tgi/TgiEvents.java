package io.broadside.agent.client.tgi;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.agent.client.ExchangeListener.Usage;
import io.broadside.agent.client.ExchangeSink;
import io.broadside.agent.client.http.Json;
import java.io.IOException;

/**
 * Reads TGI's {@code /generate_stream} events (PROTOCOLS.md §3.5) for one answer: one token per
 * event ({@code token.text}, special tokens carry none), the last event with {@code generated_text}
 * and, when asked, {@code details.generated_tokens}; an {@code error} event fails the answer. Also
 * reads the stream inside a SageMaker response stream. One instance per answer.
 */
public final class TgiEvents {
  private final ExchangeSink sink;
  private boolean sawLast;

  public TgiEvents(ExchangeSink sink) {
    this.sink = sink;
  }

  /** One event's data. */
  public void event(String data) {
    if (sink.finished()) {
      return;
    }
    JsonNode event;
    try {
      event = Json.tree(data);
    } catch (IOException e) {
      sink.fail("protocol", "malformed event: " + e.getMessage());
      return;
    }
    if (event.hasNonNull("error")) {
      sink.fail("stream_error", "error event: " + data);
      return;
    }
    JsonNode token = event.get("token");
    boolean carries =
        token != null
            && Json.hasText(token, "text")
            && !(token.has("special") && token.get("special").asBoolean());
    JsonNode details = event.get("details");
    if (details != null && details.has("generated_tokens")) {
      sink.usage(
          new Usage(
              Json.intAt(details, "input_length", -1), Json.intAt(details, "generated_tokens", 0)));
    }
    sink.chunk(carries ? 1 : 0, true);
    if (event.hasNonNull("generated_text")) {
      sawLast = true;
    }
  }

  /** The stream ended. */
  public void end() {
    if (sink.finished()) {
      return;
    }
    if (sawLast) {
      sink.complete(true);
    } else {
      sink.fail("protocol", "stream ended before its last event (generated_text)");
    }
  }

  /** A whole {@code /generate} answer: an object, or a list of one (the SageMaker container). */
  public static void unary(JsonNode answer, String generatedTokensHeader, ExchangeSink sink)
      throws IOException {
    JsonNode result = answer.isArray() && answer.size() > 0 ? answer.get(0) : answer;
    if (result == null || !result.isObject() || !result.has("generated_text")) {
      throw new IOException("no generated_text");
    }
    JsonNode details = result.get("details");
    int tokens = -1;
    if (details != null && details.has("generated_tokens")) {
      tokens = Json.intAt(details, "generated_tokens", -1);
    } else if (generatedTokensHeader != null) {
      tokens = Integer.parseInt(generatedTokensHeader.trim());
    }
    if (tokens >= 0) {
      sink.usage(new Usage(Json.intAt(details, "input_length", -1), tokens));
    }
    sink.chunk(Json.hasText(result, "generated_text") ? 1 : 0, true);
  }
}
