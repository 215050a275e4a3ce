package io.broadside.simulator.kserve;

import io.broadside.simulator.config.ReadyStyle;
import io.broadside.simulator.serve.HttpAnswer;
import io.broadside.simulator.serve.Json;
import io.vertx.core.http.HttpServerResponse;

/**
 * The KServe family's fixed answers: {@code {"error": …}} bodies with KServe's or Triton's status.
 */
final class KserveAnswers {
  private KserveAnswers() {}

  static HttpAnswer error(int status, String message) {
    return HttpAnswer.json(status, Json.error(message));
  }

  static HttpAnswer notFound(String model) {
    return error(404, "Model with name " + model + " does not exist.");
  }

  /** Not ready: 503 for KServe, 400 for Triton. */
  static HttpAnswer notReady(ReadyStyle style, String model) {
    return style == ReadyStyle.TRITON
        ? error(400, "Model version not ready")
        : error(503, "Model with name " + model + " is not ready.");
  }

  /** The V2 model-ready answer in {@code style}. */
  static void ready(HttpServerResponse response, ReadyStyle style, String model, boolean ready) {
    if (!ready) {
      notReady(style, model).send(response);
    } else if (style == ReadyStyle.TRITON) {
      response.setStatusCode(200).end();
    } else {
      response
          .putHeader("Content-Type", "application/json")
          .end("{\"name\":" + Json.quote(model) + ",\"ready\":true}");
    }
  }
}
