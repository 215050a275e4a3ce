package io.broadside.agent.client.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.broadside.agent.client.ExchangeListener.Usage;
import io.broadside.agent.client.ExchangeSink;
import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.client.http.HttpCall;
import io.broadside.agent.client.http.HttpDialect;
import io.broadside.agent.client.http.JsonBodyDecoder;
import io.broadside.agent.client.http.ResponseDecoder;
import io.broadside.agent.client.sse.SseDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * OpenAI's Responses API, {@code POST /v1/responses} ({@code input}: the prompt, or the chat turns
 * as input messages; {@code max_output_tokens}). Streamed, its typed events end with {@code
 * response.completed} (no {@code [DONE]}): each non-empty {@code response.output_text.delta} (and
 * {@code response.function_call_arguments.delta}) is a token-bearing chunk, the first output event
 * ({@code response.output_item.added}) is the first chunk with content, {@code
 * response.completed}'s {@code response.usage.output_tokens} is the output, and an {@code error} or
 * {@code response.failed} event fails the request ({@code stream_error}). Unary, the answer's
 * {@code output} must be there and its usage is read. Events are scanned without a JSON tree.
 */
public final class ResponsesDialect implements HttpDialect {
  private static final JsonFactory JSON = new JsonFactory();

  private final String path;
  private final boolean stream;
  private final MultiMap headers;

  public ResponsesDialect(String basePath, boolean stream) {
    this.path = OpenAiRequests.prefix(basePath) + "/responses";
    this.stream = stream;
    this.headers = OpenAiRequests.headers(stream);
  }

  @Override
  public HttpCall call(TargetRequest request) {
    return new HttpCall(HttpMethod.POST, path, body(request, stream), headers, stream);
  }

  static Buffer body(TargetRequest request, boolean stream) {
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", request.model());
      if (request.messages() != null) {
        g.writeArrayFieldStart("input");
        for (Map<String, String> m : request.messages()) {
          g.writeStartObject();
          for (Map.Entry<String, String> e : m.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      } else {
        g.writeStringField("input", request.prompt());
      }
      g.writeNumberField("max_output_tokens", request.maxTokens());
      g.writeBooleanField("stream", stream);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory
    }
    return Buffer.buffer(out.toByteArray());
  }

  /** What one event (or a whole answer) says. */
  record Event(String type, boolean delta, boolean output, Usage usage, boolean error) {}

  /** Scans one event's JSON (or a whole answer) without building a tree. */
  static Event scan(String json) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      String type = null;
      boolean delta = false;
      boolean output = false;
      Usage usage = null;
      boolean error = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if ("type".equals(name) && t == JsonToken.VALUE_STRING) {
          type = p.getText();
        } else if ("delta".equals(name) && t == JsonToken.VALUE_STRING) {
          delta = p.getTextLength() > 0;
        } else if ("response".equals(name) && t == JsonToken.START_OBJECT) {
          usage = responseUsage(p);
        } else if ("usage".equals(name) && t == JsonToken.START_OBJECT) {
          usage = OpenAiChunks.usage(p);
        } else if ("output".equals(name) && t == JsonToken.START_ARRAY) {
          output = true;
          p.skipChildren();
        } else {
          error |= "error".equals(name) && t != JsonToken.VALUE_NULL;
          p.skipChildren();
        }
      }
      return new Event(type, delta, output, usage, error);
    }
  }

  /** At a {@code response} object: its usage, if any; at its END_OBJECT. */
  private static Usage responseUsage(JsonParser p) throws IOException {
    Usage usage = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if ("usage".equals(name) && t == JsonToken.START_OBJECT) {
        usage = OpenAiChunks.usage(p);
      } else {
        p.skipChildren();
      }
    }
    return usage;
  }

  @Override
  public ResponseDecoder decoder(HttpClientResponse response, ExchangeSink sink) {
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.startsWith("text/event-stream")) {
      return new JsonBodyDecoder(
          sink,
          (body, s) -> {
            Event answer = scan(body.toString());
            if (answer.error() || !answer.output()) {
              throw new IOException("no output in the answer");
            }
            s.usage(answer.usage());
            s.chunk(1, true);
          });
    }
    boolean[] completed = new boolean[1];
    return new SseDecoder(
        event -> {
          if (sink.finished()) {
            return;
          }
          try {
            Event e = scan(event.data());
            String t = e.type() == null ? "" : e.type();
            switch (t) {
              case "response.output_text.delta", "response.function_call_arguments.delta" ->
                  sink.chunk(e.delta() ? 1 : 0, true);
              case "response.reasoning_text.delta" -> {
                if (e.delta()) {
                  sink.reasoningChunk(1, false);
                }
              }
              case "response.output_item.added" -> sink.chunk(0, true);
              // an answer cut at max_output_tokens ends incomplete: as asked, not a failure
              case "response.completed", "response.incomplete" -> {
                completed[0] = true;
                if (e.usage() != null) {
                  sink.usage(e.usage());
                }
              }
              case "error", "response.failed" -> sink.fail("stream_error", "a " + t + " event");
              default -> {
                // created, in progress, part and item ends: no output of their own
              }
            }
          } catch (IOException ex) {
            sink.fail("protocol", "malformed event: " + ex.getMessage());
          }
        },
        () -> {
          if (completed[0]) {
            sink.complete(true);
          } else {
            sink.fail("protocol", "stream ended without response.completed");
          }
        });
  }
}
