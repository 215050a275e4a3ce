package io.broadside.simulator.openai;

import io.vertx.core.http.HttpServerResponse;

/** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
public final class OpenAiErrors {
  private OpenAiErrors() {}

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
