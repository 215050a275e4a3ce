package io.broadside.agent.client.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.broadside.agent.client.TargetRequest;
import io.broadside.common.plan.TargetProtocol;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Paths and bodies of OpenAI-compatible requests. Pure functions. */
final class OpenAiRequests {
  private static final JsonFactory JSON = new JsonFactory();

  private OpenAiRequests() {}

  /**
   * The request path: a base URL ending in {@code /v1} (KServe mounts the API under {@code
   * /openai/v1}) gets the route appended; any other base gets {@code /v1/…}.
   */
  static String path(String basePath, TargetProtocol protocol) {
    return prefix(basePath)
        + (protocol == TargetProtocol.OPENAI_CHAT ? "/chat/completions" : "/completions");
  }

  /** The headers of a JSON request whose answer is a stream or one JSON body. */
  static io.vertx.core.MultiMap headers(boolean stream) {
    return io.vertx.core.MultiMap.caseInsensitiveMultiMap()
        .set(io.vertx.core.http.HttpHeaders.CONTENT_TYPE, "application/json")
        .set(
            io.vertx.core.http.HttpHeaders.ACCEPT,
            stream ? "text/event-stream" : "application/json");
  }

  /** The API's prefix: a base ending in {@code /v1} as it is, any other with {@code /v1} added. */
  static String prefix(String basePath) {
    return basePath.endsWith("/v1") ? basePath : basePath + "/v1";
  }

  /**
   * The request body, written field by field with a streaming generator (no JSON tree, no data
   * binding per request): model, then messages (chat; each message's fields in their own order) or
   * prompt, (chat) the plan's tools, max_tokens, stream and, when streaming,
   * stream_options.include_usage.
   */
  static Buffer body(TargetProtocol protocol, TargetRequest request, boolean stream) {
    return body(protocol, request, stream, null, null);
  }

  /**
   * As above, offering {@code tools} (a JSON array, written as given) with {@code toolChoice}
   * (JSON), when not null.
   */
  static Buffer body(
      TargetProtocol protocol,
      TargetRequest request,
      boolean stream,
      String tools,
      String toolChoice) {
    String prompt = request.prompt();
    ByteArrayBuilder out = new ByteArrayBuilder(128 + (prompt == null ? 256 : prompt.length()));
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", request.model());
      if (protocol == TargetProtocol.OPENAI_CHAT) {
        g.writeArrayFieldStart("messages");
        if (request.messages() != null) {
          for (Map<String, String> m : request.messages()) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : m.entrySet()) {
              g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
          }
        } else {
          g.writeStartObject();
          g.writeStringField("role", "user");
          g.writeStringField("content", prompt);
          g.writeEndObject();
        }
        g.writeEndArray();
      } else {
        g.writeStringField("prompt", prompt);
      }
      if (tools != null) {
        g.writeFieldName("tools");
        g.writeRawValue(tools);
        if (toolChoice != null) {
          g.writeFieldName("tool_choice");
          g.writeRawValue(toolChoice);
        }
      }
      g.writeNumberField("max_tokens", request.maxTokens());
      g.writeBooleanField("stream", stream);
      if (stream) {
        g.writeObjectFieldStart("stream_options");
        g.writeBooleanField("include_usage", true);
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory
    }
    return Buffer.buffer(out.toByteArray());
  }
}
