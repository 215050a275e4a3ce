package io.broadside.agent.client.tgi;

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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * Hugging Face TGI's native API: {@code POST /generate} and {@code /generate_stream} with {@code
 * details: true}, so the server's token count comes back (PROTOCOLS.md §3.5).
 */
public final class TgiDialect implements HttpDialect {
  private final String path;
  private final boolean stream;
  private final MultiMap headers =
      MultiMap.caseInsensitiveMultiMap().set(HttpHeaders.CONTENT_TYPE, "application/json");

  public TgiDialect(String basePath, boolean stream) {
    this.path = basePath + (stream ? "/generate_stream" : "/generate");
    this.stream = stream;
  }

  /** The TGI request body, also what the SageMaker Hugging Face container takes. */
  public static Buffer body(TargetRequest request) {
    return new JsonObject()
        .put("inputs", TargetRequestText.of(request))
        .put(
            "parameters",
            new JsonObject().put("max_new_tokens", request.maxTokens()).put("details", true))
        .toBuffer();
  }

  @Override
  public HttpCall call(TargetRequest request) {
    return new HttpCall(HttpMethod.POST, path, body(request), headers, stream);
  }

  @Override
  public ResponseDecoder decoder(HttpClientResponse response, ExchangeSink sink) {
    if (!stream) {
      return new JsonBodyDecoder(
          sink,
          (body, s) ->
              TgiEvents.unary(Json.tree(body), response.getHeader("x-generated-tokens"), s));
    }
    TgiEvents events = new TgiEvents(sink);
    return new SseDecoder(e -> events.event(e.data()), events::end);
  }
}
