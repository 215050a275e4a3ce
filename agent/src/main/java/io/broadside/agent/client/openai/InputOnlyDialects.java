package io.broadside.agent.client.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.agent.client.ExchangeListener.Usage;
import io.broadside.agent.client.ExchangeSink;
import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.client.http.HttpCall;
import io.broadside.agent.client.http.HttpDialect;
import io.broadside.agent.client.http.Json;
import io.broadside.agent.client.http.JsonBodyDecoder;
import io.broadside.agent.client.http.ResponseDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The endpoints that read input and generate nothing: OpenAI-compatible embeddings ({@code POST
 * /v1/embeddings}, the prompt as {@code input}) and vLLM's and Cohere's rerank ({@code POST
 * /v1/rerank}, the prompt as {@code query} against the plan's documents). An answer is one JSON
 * body that must hold its results ({@code data}, {@code results}); the input tokens the server
 * counted ({@code usage.prompt_tokens}, else {@code usage.total_tokens}) are reported as the
 * request's prompt tokens. No output token is expected.
 */
public final class InputOnlyDialects {
  private static final com.fasterxml.jackson.core.JsonFactory JSON =
      new com.fasterxml.jackson.core.JsonFactory();
  private static final MultiMap HEADERS = OpenAiRequests.headers(false);

  private InputOnlyDialects() {}

  /** {@code POST {base}/v1/embeddings} with {@code {model, input}}. */
  public static HttpDialect embeddings(String basePath) {
    String path = OpenAiRequests.prefix(basePath) + "/embeddings";
    return new Dialect(
        request ->
            new HttpCall(
                HttpMethod.POST,
                path,
                body(
                    g -> {
                      g.writeStringField("model", request.model());
                      g.writeStringField("input", request.prompt());
                    }),
                HEADERS,
                false),
        "data");
  }

  /** {@code POST {base}/v1/rerank} with {@code {model, query, documents}}. */
  public static HttpDialect rerank(String basePath, List<String> documents) {
    String path = OpenAiRequests.prefix(basePath) + "/rerank";
    return new Dialect(
        request ->
            new HttpCall(
                HttpMethod.POST,
                path,
                body(
                    g -> {
                      g.writeStringField("model", request.model());
                      g.writeStringField("query", request.prompt());
                      g.writeArrayFieldStart("documents");
                      for (String d : documents) {
                        g.writeString(d);
                      }
                      g.writeEndArray();
                    }),
                HEADERS,
                false),
        "results");
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static Buffer body(Fields fields) {
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory
    }
    return Buffer.buffer(out.toByteArray());
  }

  /** A dialect whose answer is one JSON object with a non-empty list at {@code results}. */
  private record Dialect(java.util.function.Function<TargetRequest, HttpCall> calls, String results)
      implements HttpDialect {
    @Override
    public HttpCall call(TargetRequest request) {
      return calls.apply(request);
    }

    @Override
    public ResponseDecoder decoder(HttpClientResponse response, ExchangeSink sink) {
      return new JsonBodyDecoder(
          sink,
          (body, s) -> {
            JsonNode answer = Json.tree(body);
            JsonNode list = answer.path(results);
            if (!list.isArray() || list.isEmpty()) {
              throw new IOException("no " + results);
            }
            JsonNode usage = answer.path("usage");
            JsonNode input =
                usage.path("prompt_tokens").isIntegralNumber()
                    ? usage.path("prompt_tokens")
                    : usage.path("total_tokens");
            if (input.isIntegralNumber()) {
              s.usage(new Usage(input.intValue(), 0));
            }
            s.chunk(0, true);
          });
    }
  }
}
