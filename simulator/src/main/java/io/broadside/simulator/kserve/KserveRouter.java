package io.broadside.simulator.kserve;

import io.broadside.simulator.config.ReadyStyle;
import io.broadside.simulator.serve.Backend;
import io.broadside.simulator.serve.Json;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.stream.Collectors;

/**
 * The KSERVE family's routes: KServe V1 ({@code GET /v1/models}, {@code GET /v1/models/{m}}, {@code
 * POST /v1/models/{m}:predict}), Open Inference Protocol V2 REST ({@code GET /v2/health/live},
 * {@code /v2/health/ready}, {@code /v2/models/{m}[/versions/{v}]/ready}, {@code GET
 * /v2/models/{m}}, {@code POST /v2/models/{m}/infer}) and Triton's generate extension ({@code POST
 * /v2/models/{m}/generate}, {@code …/generate_stream}) and Triton's model repository extension
 * ({@code POST /v2/repository/index}, {@code …/models/{m}/load}, {@code …/models/{m}/unload}: a
 * load starts the model's load and answers at once, like applying a manifest; readiness tells when
 * it is done); 404 {@code {"error"}} otherwise. Runs on the simulator's context.
 */
public final class KserveRouter implements Handler<HttpServerRequest> {
  private final Backend backend;
  private final ReadyStyle style;
  private final InferenceHandler inference;
  private final TritonGenerateHandler generate;

  public KserveRouter(Backend backend) {
    this.backend = backend;
    this.style = backend.config().readyStyle();
    this.inference = new InferenceHandler(backend);
    this.generate = new TritonGenerateHandler(backend);
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    boolean post = request.method() == HttpMethod.POST;
    HttpServerResponse response = request.response();
    if (path.equals("/v1/models")) {
      json(response, "{\"models\":" + loadedNames() + "}");
    } else if (path.startsWith("/v1/models/")) {
      String rest = path.substring("/v1/models/".length());
      if (post && rest.endsWith(":predict")) {
        withModel(request, rest.substring(0, rest.length() - ":predict".length()), true);
      } else if (!post && !rest.contains(":")) {
        v1Ready(response, rest);
      } else {
        notFound(response, path);
      }
    } else if (path.equals("/v2/health/live")) {
      health(response, "{\"live\":true}");
    } else if (path.equals("/v2/health/ready")) {
      health(response, "{\"ready\":true}");
    } else if (path.startsWith("/v2/models/")) {
      v2(request, path.substring("/v2/models/".length()), post);
    } else if (post && path.startsWith("/v2/repository/")) {
      repository(response, path.substring("/v2/repository/".length()));
    } else {
      notFound(response, path);
    }
  }

  private void v2(HttpServerRequest request, String rest, boolean post) {
    int slash = rest.indexOf('/');
    String model = slash < 0 ? rest : rest.substring(0, slash);
    String action = slash < 0 ? "" : rest.substring(slash + 1);
    if (action.startsWith("versions/")) {
      int next = action.indexOf('/', "versions/".length());
      action = next < 0 ? "" : action.substring(next + 1);
    }
    HttpServerResponse response = request.response();
    if (!backend.serves(model)) {
      KserveAnswers.notFound(model).send(response);
      return;
    }
    switch (post ? "POST " + action : "GET " + action) {
      case "GET ready" -> KserveAnswers.ready(response, style, model, backend.host().ready(model));
      case "GET " -> json(response, metadata(model));
      case "POST infer" -> withModel(request, model, false);
      case "POST generate" -> generate.handle(request, model, false);
      case "POST generate_stream" -> generate.handle(request, model, true);
      default -> notFound(response, request.path());
    }
  }

  private void repository(HttpServerResponse response, String rest) {
    if (rest.equals("index")) {
      json(
          response,
          backend.models().stream()
              .map(
                  m ->
                      "{\"name\":"
                          + Json.quote(m)
                          + ",\"version\":\"1\",\"state\":\""
                          + backend.host().state(m)
                          + "\"}")
              .collect(Collectors.joining(",", "[", "]")));
      return;
    }
    int slash = rest.lastIndexOf('/');
    if (!rest.startsWith("models/") || slash <= "models/".length()) {
      notFound(response, "/v2/repository/" + rest);
      return;
    }
    String model = rest.substring("models/".length(), slash);
    String action = rest.substring(slash + 1);
    if (!backend.serves(model)) {
      KserveAnswers.notFound(model).send(response);
    } else if (action.equals("load")) {
      if (backend.host().load(model)) {
        json(response, "{}");
      } else {
        KserveAnswers.error(409, "no memory for " + model + ": every loaded model is busy")
            .send(response);
      }
    } else if (action.equals("unload")) {
      if (backend.host().unload(model)) {
        json(response, "{}");
      } else {
        KserveAnswers.error(409, model + " has requests in flight").send(response);
      }
    } else {
      notFound(response, "/v2/repository/" + rest);
    }
  }

  private void withModel(HttpServerRequest request, String model, boolean v1) {
    if (!backend.serves(model)) {
      KserveAnswers.notFound(model).send(request.response());
    } else if (v1) {
      inference.predict(request, model);
    } else {
      inference.infer(request, model);
    }
  }

  private void v1Ready(HttpServerResponse response, String model) {
    if (!backend.serves(model)) {
      KserveAnswers.notFound(model).send(response);
    } else if (!backend.host().ready(model)) {
      KserveAnswers.notReady(ReadyStyle.KSERVE, model).send(response);
    } else {
      json(response, "{\"name\":" + Json.quote(model) + ",\"ready\":true}");
    }
  }

  private void health(HttpServerResponse response, String kserveBody) {
    if (style == ReadyStyle.TRITON) {
      response.end();
    } else {
      json(response, kserveBody);
    }
  }

  private String loadedNames() {
    return backend.models().stream()
        .filter(m -> backend.host().ready(m))
        .map(Json::quote)
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static String metadata(String model) {
    return "{\"name\":"
        + Json.quote(model)
        + ",\"versions\":[\"1\"],\"platform\":\"broadside-simulator\","
        + "\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"FP32\",\"shape\":[-1,-1]}],"
        + "\"outputs\":[{\"name\":\"OUTPUT0\",\"datatype\":\"FP32\",\"shape\":[-1,-1]}]}";
  }

  private static void json(HttpServerResponse response, String body) {
    response.putHeader("Content-Type", "application/json").end(body);
  }

  private static void notFound(HttpServerResponse response, String path) {
    KserveAnswers.error(404, "no route " + path).send(response);
  }
}
