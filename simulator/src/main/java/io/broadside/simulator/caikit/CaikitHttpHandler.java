package io.broadside.simulator.caikit;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.Backend;
import io.broadside.simulator.serve.HttpAnswer;
import io.broadside.simulator.serve.SseExchange;
import io.broadside.simulator.serve.UnaryExchange;
import io.broadside.simulator.token.WordTokenizer;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The CAIKIT_HTTP family: {@code POST /api/v1/task/text-generation}, {@code POST
 * /api/v1/task/server-streaming-text-generation}, {@code GET /health}. Body {@code {"model_id",
 * "inputs", "parameters": {"max_new_tokens"}}} (default 20). Errors are {@code {"details","code",
 * "id"}}: 400 bad body or no {@code model_id}, 404 unknown model, 500 injected, 429 throttled, 503
 * not ready. Runs on the simulator's context.
 */
public final class CaikitHttpHandler implements Handler<HttpServerRequest> {
  static final int DEFAULT_MAX_NEW_TOKENS = 20;
  private final Backend backend;

  public CaikitHttpHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    boolean post = request.method() == HttpMethod.POST;
    if (post && path.equals("/api/v1/task/text-generation")) {
      generate(request, false);
    } else if (post && path.equals("/api/v1/task/server-streaming-text-generation")) {
      generate(request, true);
    } else if (path.equals("/health")) {
      request.response().putHeader("Content-Type", "text/plain").end("OK");
    } else {
      error(404, "no route " + path, backend.nextId("")).send(request.response());
    }
  }

  private void generate(HttpServerRequest request, boolean stream) {
    long arrivalUs = backend.clock().nowMicros();
    String remote = Backend.remote(request.remoteAddress());
    request.body().onSuccess(body -> serve(request, stream, arrivalUs, remote, body));
  }

  private void serve(
      HttpServerRequest request, boolean stream, long arrivalUs, String remote, Buffer body) {
    HttpServerResponse response = request.response();
    String endpoint = stream ? "caikit_http_generate_stream" : "caikit_http_generate";
    String id = backend.nextId("");
    RequestRecord record = new RequestRecord(id, remote, endpoint, "", stream, arrivalUs, 0);
    JsonObject root;
    int maxTokens;
    try {
      root = body.toJsonObject();
      JsonObject parameters =
          root.getValue("parameters") instanceof JsonObject p ? p : new JsonObject();
      Object max = parameters.getValue("max_new_tokens");
      maxTokens =
          max instanceof Number n && n.longValue() > 0 ? n.intValue() : DEFAULT_MAX_NEW_TOKENS;
      if (!(root.getValue("inputs") instanceof String inputs)) {
        throw new IllegalArgumentException("'inputs' must be a string");
      }
      record.setPromptTokens(WordTokenizer.count(inputs));
    } catch (RuntimeException e) {
      backend.log(record, error(400, e.getMessage(), id).send(response));
      return;
    }
    if (!(root.getValue("model_id") instanceof String model)) {
      backend.log(record, error(400, "Please provide model_id in payload", id).send(response));
      return;
    }
    RequestRecord named =
        new RequestRecord(id, remote, endpoint, model, stream, arrivalUs, record.promptTokens());
    if (!backend.serves(model)) {
      backend.log(named, error(404, "Model '" + model + "' not found", id).send(response));
      return;
    }
    CaikitHttpFormat format = new CaikitHttpFormat(backend.vocabulary(), named.promptTokens());
    backend.serve(
        Family.CAIKIT_HTTP,
        model,
        named,
        HttpAnswer.refusals(
            response,
            error(500, "Unhandled exception during prediction", id),
            error(429, "Model is overloaded", id),
            error(503, "Model '" + model + "' is loading", id)),
        fault ->
            stream
                ? new SseExchange(
                    response,
                    named,
                    backend.clock(),
                    fault,
                    backend.keepAliveEvery(Family.CAIKIT_HTTP),
                    format,
                    "text/event-stream; charset=utf-8")
                : new UnaryExchange(response, named, backend.clock(), fault, format),
        named.promptTokens(),
        maxTokens);
  }

  private static HttpAnswer error(int status, String details, String id) {
    return HttpAnswer.json(status, CaikitHttpFormat.error(details, status, id));
  }
}
