package io.broadside.simulator.server;

import io.broadside.simulator.metrics.ServerMetrics;
import io.broadside.simulator.openai.CompletionHandler;
import io.broadside.simulator.openai.Endpoint;
import io.broadside.simulator.openai.ModelsHandler;
import io.broadside.simulator.openai.OpenAiErrors;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The OPENAI family's routes: {@code POST /v1/chat/completions}, {@code POST /v1/completions},
 * {@code POST /v1/responses}, {@code POST /v1/embeddings}, {@code POST /v1/rerank} (also {@code
 * /rerank}, {@code /v2/rerank}), {@code GET /v1/models}, {@code GET /health}, {@code GET /metrics}
 * (the server's Prometheus metrics), and the same under {@code /openai/v1/} (KServe's Hugging Face
 * runtime); 405 for a known path with another method, 404 otherwise (both with OpenAI's error
 * JSON). Runs on the simulator's context.
 */
final class HttpRouter implements Handler<HttpServerRequest> {
  private final CompletionHandler completions;
  private final ModelsHandler models;
  private final ServerMetrics metrics;

  private final io.broadside.simulator.openai.InputOnlyHandler inputOnly;
  private final io.broadside.simulator.openai.ResponsesHandler responses;

  HttpRouter(
      CompletionHandler completions,
      ModelsHandler models,
      ServerMetrics metrics,
      io.broadside.simulator.openai.InputOnlyHandler inputOnly,
      io.broadside.simulator.openai.ResponsesHandler responses) {
    this.inputOnly = inputOnly;
    this.responses = responses;
    this.completions = completions;
    this.models = models;
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.startsWith("/openai/v1/")) {
      path = path.substring("/openai".length());
    }
    switch (path) {
      case "/v1/chat/completions" ->
          when(request, HttpMethod.POST, () -> completions.handle(request, Endpoint.CHAT));
      case "/v1/completions" ->
          when(request, HttpMethod.POST, () -> completions.handle(request, Endpoint.COMPLETIONS));
      case "/v1/responses" -> when(request, HttpMethod.POST, () -> responses.handle(request));
      case "/v1/embeddings" ->
          when(
              request,
              HttpMethod.POST,
              () ->
                  inputOnly.handle(
                      request, io.broadside.simulator.openai.InputOnlyHandler.Kind.EMBEDDINGS));
      case "/v1/rerank", "/rerank", "/v2/rerank" ->
          when(
              request,
              HttpMethod.POST,
              () ->
                  inputOnly.handle(
                      request, io.broadside.simulator.openai.InputOnlyHandler.Kind.RERANK));
      case "/v1/models" -> when(request, HttpMethod.GET, () -> models.handle(request));
      case "/health" -> when(request, HttpMethod.GET, () -> request.response().end());
      case "/metrics" -> when(request, HttpMethod.GET, () -> metrics.handle(request));
      default ->
          OpenAiErrors.send(
              request.response(), 404, "no route " + request.path(), "not_found_error", null, null);
    }
  }

  private static void when(HttpServerRequest request, HttpMethod method, Runnable handler) {
    if (request.method().equals(method)) {
      handler.run();
    } else {
      request.response().putHeader("Allow", method.name());
      OpenAiErrors.send(
          request.response(),
          405,
          request.method() + " is not allowed on " + request.path(),
          "invalid_request_error",
          null,
          null);
    }
  }
}
