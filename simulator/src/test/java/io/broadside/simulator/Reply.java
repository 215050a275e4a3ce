package io.broadside.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * A whole HTTP answer as a test client saw it.
 *
 * @param localPort the client's port, to compare with the request log's {@code remote}
 */
record Reply(int status, String contentType, String body, int localPort) {

  JsonObject json() {
    return new JsonObject(body);
  }

  /** The {@code data:} payloads of an SSE body, in order ({@code [DONE]} included). */
  List<String> events() {
    return Arrays.stream(body.split("\n\n"))
        .filter(e -> !e.isEmpty())
        .map(
            e -> {
              if (!e.startsWith("data: ")) {
                throw new AssertionError("not an SSE data event: " + e);
              }
              return e.substring("data: ".length());
            })
        .toList();
  }

  /** The SSE events that are JSON chunks (all but {@code [DONE]}). */
  List<JsonObject> chunks() {
    return events().stream().filter(e -> !e.equals("[DONE]")).map(JsonObject::new).toList();
  }

  static JsonObject firstChoice(JsonObject chunk) {
    JsonArray choices = chunk.getJsonArray("choices");
    return choices.getJsonObject(0);
  }
}
