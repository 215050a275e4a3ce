package io.broadside.agent.client.triton;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Triton's generate extension (PROTOCOLS.md §1.5): {@code POST /v2/models/{name}/generate} and
 * {@code /generate_stream}, one SSE event per chunk of {@code text_output} and no terminator; the
 * server sends no token count, so N is the number of token-bearing chunks. A mid-stream {@code
 * error} event fails the answer.
 */
public final class TritonGenerateDialect implements HttpDialect {
  private final String basePath;
  private final boolean stream;
  private final MultiMap headers =
      MultiMap.caseInsensitiveMultiMap().set(HttpHeaders.CONTENT_TYPE, "application/json");

  public TritonGenerateDialect(String basePath, boolean stream) {
    this.basePath = basePath;
    this.stream = stream;
  }

  @Override
  public HttpCall call(TargetRequest request) {
    String path =
        basePath + "/v2/models/" + request.model() + (stream ? "/generate_stream" : "/generate");
    JsonObject body =
        new JsonObject()
            .put("text_input", TargetRequestText.of(request))
            .put(
                "parameters",
                new JsonObject().put("max_tokens", request.maxTokens()).put("stream", stream));
    return new HttpCall(HttpMethod.POST, path, body.toBuffer(), headers, stream);
  }

  @Override
  public ResponseDecoder decoder(HttpClientResponse response, ExchangeSink sink) {
    if (!stream) {
      return new JsonBodyDecoder(
          sink,
          (body, s) -> {
            JsonNode answer = Json.tree(body);
            if (!answer.has("text_output")) {
              throw new IOException("no text_output");
            }
            s.chunk(Json.hasText(answer, "text_output") ? 1 : 0, true);
          });
    }
    return new SseDecoder(
        event -> {
          if (sink.finished()) {
            return;
          }
          try {
            JsonNode chunk = Json.tree(event.data());
            if (chunk.hasNonNull("error")) {
              sink.fail("stream_error", "error event: " + event.data());
              return;
            }
            sink.chunk(Json.hasText(chunk, "text_output") ? 1 : 0, true);
          } catch (IOException e) {
            sink.fail("protocol", "malformed event: " + e.getMessage());
          }
        },
        () -> sink.complete(true));
  }
}
