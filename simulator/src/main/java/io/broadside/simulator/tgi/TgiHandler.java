package io.broadside.simulator.tgi;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.Backend;
import io.broadside.simulator.serve.HttpAnswer;
import io.broadside.simulator.serve.Json;
import io.broadside.simulator.serve.SseExchange;
import io.broadside.simulator.serve.UnaryExchange;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The TGI family's routes: {@code POST /generate}, {@code POST /generate_stream}, {@code GET
 * /health}, {@code GET /info}; 404 {@code {"error","error_type":"not_found"}} otherwise. TGI serves
 * one model, the first configured. Errors: 422 validation, 424 injected, 429 throttled, 503 not
 * ready. Runs on the simulator's context.
 */
public final class TgiHandler implements Handler<HttpServerRequest> {
  private final Backend backend;

  public TgiHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    boolean post = request.method() == HttpMethod.POST;
    if (post && path.equals("/generate")) {
      generate(request, false);
    } else if (post && path.equals("/generate_stream")) {
      generate(request, true);
    } else if (path.equals("/health")) {
      int status = backend.host().ready(backend.defaultModel()) ? 200 : 503;
      request.response().setStatusCode(status).end();
    } else if (path.equals("/info")) {
      request
          .response()
          .putHeader("Content-Type", "application/json")
          .end(
              "{\"model_id\":"
                  + Json.quote(backend.defaultModel())
                  + ",\"max_input_tokens\":4095,\"max_total_tokens\":4096,"
                  + "\"version\":\"broadside-simulator\"}");
    } else {
      error(404, "no route " + path, "not_found").send(request.response());
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
    String endpoint = stream ? "tgi_generate_stream" : "tgi_generate";
    String model = backend.defaultModel();
    String id = backend.nextId("tgi-");
    TgiRequest parsed;
    try {
      parsed = TgiRequest.parse(body);
    } catch (IllegalArgumentException e) {
      RequestRecord record = new RequestRecord(id, remote, endpoint, model, stream, arrivalUs, 0);
      backend.log(record, error(422, e.getMessage(), "validation").send(response));
      return;
    }
    RequestRecord record =
        new RequestRecord(id, remote, endpoint, model, stream, arrivalUs, parsed.promptTokens());
    TgiFormat format = new TgiFormat(backend.vocabulary(), parsed);
    backend.serve(
        Family.TGI,
        model,
        record,
        HttpAnswer.refusals(
            response,
            error(424, "Request failed during generation: injected error", "generation"),
            error(429, "Model is overloaded", "overloaded"),
            error(503, "Model is loading", "unhealthy")),
        fault ->
            stream
                ? new SseExchange(
                    response,
                    record,
                    backend.clock(),
                    fault,
                    backend.keepAliveEvery(Family.TGI),
                    format,
                    "text/event-stream")
                : new UnaryExchange(response, record, backend.clock(), fault, format),
        parsed.promptTokens(),
        parsed.maxTokens());
  }

  private static HttpAnswer error(int status, String message, String type) {
    return HttpAnswer.json(
        status, "{\"error\":" + Json.quote(message) + ",\"error_type\":" + Json.quote(type) + "}");
  }
}
