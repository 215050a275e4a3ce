package io.broadside.simulator.kserve;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.Backend;
import io.broadside.simulator.serve.HttpAnswer;
import io.broadside.simulator.serve.Json;
import io.broadside.simulator.serve.SseExchange;
import io.broadside.simulator.serve.SseFraming;
import io.broadside.simulator.serve.UnaryExchange;
import io.broadside.simulator.serve.UnaryFraming;
import io.broadside.simulator.token.SeededVocabulary;
import io.broadside.simulator.token.WordTokenizer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Triton's generate extension (PROTOCOLS.md §1.5): {@code {"text_input", "parameters":
 * {"max_tokens"}}} (or a top-level {@code max_tokens}; default 20) → {@code {"model_name",
 * "model_version":"1","text_output"}} whole, or as SSE ({@code data: } with a space) with one delta
 * per token and no {@code [DONE]}. Errors before inference are JSON {@code {"error"}}: 400 invalid
 * or not ready, 500 injected, 429 throttled. Runs on the simulator's context.
 */
final class TritonGenerateHandler {
  static final int DEFAULT_MAX_TOKENS = 20;
  private final Backend backend;

  TritonGenerateHandler(Backend backend) {
    this.backend = backend;
  }

  void handle(HttpServerRequest request, String model, boolean stream) {
    long arrivalUs = backend.clock().nowMicros();
    String remote = Backend.remote(request.remoteAddress());
    request.body().onSuccess(body -> serve(request, model, stream, arrivalUs, remote, body));
  }

  private void serve(
      HttpServerRequest request,
      String model,
      boolean stream,
      long arrivalUs,
      String remote,
      Buffer body) {
    String endpoint = stream ? "triton_generate_stream" : "triton_generate";
    RequestRecord record =
        new RequestRecord(backend.nextId("gen-"), remote, endpoint, model, stream, arrivalUs, 0);
    int maxTokens;
    try {
      JsonObject root = body.toJsonObject();
      if (!(root.getValue("text_input") instanceof String text)) {
        throw new IllegalArgumentException("'text_input' must be a string");
      }
      record.setPromptTokens(WordTokenizer.count(text));
      maxTokens = maxTokens(root);
    } catch (RuntimeException e) {
      backend.log(record, KserveAnswers.error(400, e.getMessage()).send(request.response()));
      return;
    }
    Format format = new Format(backend.vocabulary(), model);
    backend.serve(
        Family.KSERVE,
        model,
        record,
        HttpAnswer.refusals(
            request.response(),
            KserveAnswers.error(500, "injected generation error"),
            KserveAnswers.error(429, "Model is overloaded"),
            KserveAnswers.error(400, "Model version not ready")),
        fault ->
            stream
                ? new SseExchange(
                    request.response(),
                    record,
                    backend.clock(),
                    fault,
                    backend.keepAliveEvery(Family.KSERVE),
                    format,
                    "text/event-stream; charset=utf-8")
                : new UnaryExchange(request.response(), record, backend.clock(), fault, format),
        record.promptTokens(),
        maxTokens);
  }

  private static int maxTokens(JsonObject root) {
    JsonObject parameters =
        root.getValue("parameters") instanceof JsonObject p ? p : new JsonObject();
    Object max =
        parameters.containsKey("max_tokens")
            ? parameters.getValue("max_tokens")
            : root.getValue("max_tokens");
    if (max == null) {
      return DEFAULT_MAX_TOKENS;
    }
    if (!(max instanceof Integer || max instanceof Long) || ((Number) max).longValue() < 1) {
      throw new IllegalArgumentException("'max_tokens' must be a positive integer");
    }
    return (int) Math.min(Integer.MAX_VALUE, ((Number) max).longValue());
  }

  /** The generate extension's JSON, whole and per token. */
  private record Format(SeededVocabulary vocabulary, String model)
      implements SseFraming, UnaryFraming {

    @Override
    public String token(int index, boolean last) {
      return "data: " + json(vocabulary.token(index)) + "\n\n";
    }

    @Override
    public String malformed(int index, boolean last) {
      return "data: {\"model_name\":\n\n";
    }

    @Override
    public String body(int tokens) {
      return json(vocabulary.text(tokens));
    }

    @Override
    public String malformed(int tokens) {
      return "{\"model_name\":" + Json.quote(model) + ",\"text_output\": ";
    }

    private String json(String text) {
      return "{\"model_name\":"
          + Json.quote(model)
          + ",\"model_version\":\"1\",\"text_output\":"
          + Json.quote(text)
          + "}";
    }
  }
}
