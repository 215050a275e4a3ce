package io.broadside.simulator.openai;

import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Serves {@code GET /v1/models}: {@code {"object":"list","data":[{"id","object":"model",
 * "created","owned_by","root","parent","max_model_len","permission"}]}} for the configured models,
 * in order. Immutable.
 */
public final class ModelsHandler {
  /** The context length reported for every model. */
  static final int MAX_MODEL_LEN = 4096;

  private final String body;

  public ModelsHandler(List<String> models, long createdSeconds) {
    this.body =
        models.stream()
            .map(
                m ->
                    "{\"id\":"
                        + ChunkFormat.quote(m)
                        + ",\"object\":\"model\",\"created\":"
                        + createdSeconds
                        + ",\"owned_by\":\"broadside-simulator\",\"root\":"
                        + ChunkFormat.quote(m)
                        + ",\"parent\":null,\"max_model_len\":"
                        + MAX_MODEL_LEN
                        + ",\"permission\":[]}")
            .collect(Collectors.joining(",", "{\"object\":\"list\",\"data\":[", "]}"));
  }

  public void handle(HttpServerRequest request) {
    request.response().putHeader("Content-Type", "application/json").end(body);
  }
}
