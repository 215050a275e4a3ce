package io.broadside.agent.client.template;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
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
import io.broadside.common.plan.HttpTemplate;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;

/**
 * Any JSON endpoint ({@code protocol: http}): the plan's body template with {@code {{prompt}}},
 * {@code {{model}}} and {@code {{maxTokens}}} filled in (strings JSON-escaped), the answer read
 * whole, N from the {@code outputTokens} JSON pointer when given, else one token-bearing chunk when
 * the {@code outputText} pointer finds text.
 */
public final class TemplateDialect implements HttpDialect {
  private final HttpTemplate template;
  private final HttpMethod method;
  private final String path;
  private final MultiMap headers =
      MultiMap.caseInsensitiveMultiMap().set(HttpHeaders.CONTENT_TYPE, "application/json");

  public TemplateDialect(HttpTemplate template, String basePath) {
    this.template = template;
    this.method = HttpMethod.valueOf(template.method());
    this.path = basePath + template.path();
  }

  /** The body for one request. */
  String body(TargetRequest request) {
    return template
        .body()
        .replace("{{prompt}}", escape(TargetRequestText.of(request)))
        .replace("{{model}}", escape(request.model()))
        .replace("{{maxTokens}}", Integer.toString(request.maxTokens()));
  }

  private static String escape(String text) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(text));
  }

  @Override
  public HttpCall call(TargetRequest request) {
    return new HttpCall(method, path, Buffer.buffer(body(request)), headers, false);
  }

  @Override
  public ResponseDecoder decoder(HttpClientResponse response, ExchangeSink sink) {
    return new JsonBodyDecoder(
        sink,
        (body, s) -> {
          JsonNode answer = Json.tree(body);
          int chunks = 0;
          if (template.outputTokens() != null) {
            JsonNode count = answer.at(template.outputTokens());
            if (!count.isNumber()) {
              throw new IOException("no number at " + template.outputTokens());
            }
            s.usage(new Usage(-1, count.intValue()));
            chunks = count.intValue() > 0 ? 1 : 0;
          }
          if (template.outputText() != null) {
            JsonNode text = answer.at(template.outputText());
            if (!text.isTextual()) {
              throw new IOException("no text at " + template.outputText());
            }
            chunks = text.textValue().isEmpty() ? chunks : 1;
          }
          s.chunk(chunks, true);
        });
  }
}
