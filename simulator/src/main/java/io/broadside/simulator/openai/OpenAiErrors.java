package io.broadside.simulator.openai;

import io.vertx.core.http.HttpServerResponse;

/** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
public final class OpenAiErrors {
  private OpenAiErrors() {}

  /**
   * Whether {@code backend} serves {@code model}; if not, {@code response} is ended with 404 and
   * the request logged so.
   */
  static boolean served(
      io.broadside.simulator.serve.Backend backend,
      HttpServerResponse response,
      io.broadside.simulator.log.RequestRecord record,
      String model) {
    if (backend.serves(model)) {
      return true;
    }
    modelNotFound(response, model);
    backend.log(record, 404);
    return false;
  }

  /** Ends {@code response} with 404 for a model the server does not have. */
  public static void modelNotFound(HttpServerResponse response, String model) {
    send(
        response,
        404,
        "The model `" + model + "` does not exist.",
        "invalid_request_error",
        "model",
        "model_not_found");
  }

  /** Ends {@code response} with {@code status} and an error body. */
  public static void send(
      HttpServerResponse response,
      int status,
      String message,
      String type,
      String param,
      String code) {
    String body =
        "{\"error\":{\"message\":"
            + ChunkFormat.quote(message)
            + ",\"type\":"
            + ChunkFormat.quote(type)
            + ",\"param\":"
            + (param == null ? "null" : ChunkFormat.quote(param))
            + ",\"code\":"
            + (code == null ? "null" : ChunkFormat.quote(code))
            + "}}";
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }
}
