package io.broadside.agent.client.caikit;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.agent.client.ExchangeListener.Usage;
import io.broadside.agent.client.ExchangeSink;
import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.client.TargetRequestText;
import io.broadside.agent.client.http.HttpCall;
import io.broadside.agent.client.http.HttpDialect;
import io.broadside.agent.client.http.Json;
import io.broadside.agent.client.http.JsonBodyDecoder;
import io.broadside.agent.client.http.ResponseDecoder;
import io.broadside.agent.client.sse.SseDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/**
 * Caikit NLP over HTTP (PROTOCOLS.md §2.3): {@code /api/v1/task/text-generation} and the
 * server-streaming route, whose SSE events ({@code event: message}, CRLF line ends, {@code : ping}
 * comments) carry the text delta and the cumulative {@code details.generated_tokens}; the first is
 * an ack with the input token count and no text. {@code event: error} fails the answer.
 */
public final class CaikitHttpDialect implements HttpDialect {
  private final String path;
  private final boolean stream;
  private final MultiMap headers =
      MultiMap.caseInsensitiveMultiMap().set(HttpHeaders.CONTENT_TYPE, "application/json");

  public CaikitHttpDialect(String basePath, boolean stream) {
    this.path =
        basePath
            + (stream
                ? "/api/v1/task/server-streaming-text-generation"
                : "/api/v1/task/text-generation");
    this.stream = stream;
  }

  @Override
  public HttpCall call(TargetRequest request) {
    JsonObject body =
        new JsonObject()
            .put("model_id", request.model())
            .put("inputs", TargetRequestText.of(request))
            .put(
                "parameters",
                new JsonObject()
                    .put("max_new_tokens", request.maxTokens())
                    .put("min_new_tokens", request.maxTokens()));
    return new HttpCall(HttpMethod.POST, path, body.toBuffer(), headers, stream);
  }

  @Override
  public ResponseDecoder decoder(HttpClientResponse response, ExchangeSink sink) {
    if (!stream) {
      return new JsonBodyDecoder(
          sink,
          (body, s) -> {
            JsonNode result = Json.tree(body);
            if (!result.has("generated_text")) {
              throw new IOException("no generated_text");
            }
            if (result.has("generated_tokens")) {
              s.usage(
                  new Usage(
                      Json.intAt(result, "input_token_count", -1),
                      Json.intAt(result, "generated_tokens", 0)));
            }
            s.chunk(Json.hasText(result, "generated_text") ? 1 : 0, true);
          });
    }
    int[] counted = new int[1];
    return new SseDecoder(
        event -> {
          if (sink.finished()) {
            return;
          }
          if ("error".equals(event.event())) {
            sink.fail("stream_error", "error event: " + event.data());
            return;
          }
          try {
            JsonNode result = Json.tree(event.data());
            JsonNode details = result.get("details");
            boolean text = Json.hasText(result, "generated_text");
            int tokens = text ? 1 : 0;
            if (details != null && details.has("generated_tokens")) {
              int total = Json.intAt(details, "generated_tokens", 0);
              tokens = Math.max(0, total - counted[0]);
              counted[0] = Math.max(counted[0], total);
              sink.usage(new Usage(Json.intAt(details, "input_token_count", -1), counted[0]));
            }
            sink.chunk(text ? Math.max(tokens, 1) : 0, true);
          } catch (IOException e) {
            sink.fail("protocol", "malformed event: " + e.getMessage());
          }
        },
        () -> sink.complete(true));
  }
}
