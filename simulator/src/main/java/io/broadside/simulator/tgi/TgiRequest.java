package io.broadside.simulator.tgi;

import io.broadside.simulator.token.WordTokenizer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * What the simulator takes from a TGI-style body {@code {"inputs": "…", "parameters":
 * {"max_new_tokens": N, "details": bool}}} (TGI, and SageMaker's TGI container).
 *
 * @param promptTokens the words of {@code inputs}
 * @param maxTokens {@code parameters.max_new_tokens}, else {@value #DEFAULT_MAX_NEW_TOKENS}
 * @param details whether {@code parameters.details} was true
 */
public record TgiRequest(int promptTokens, int maxTokens, boolean details) {
  public static final int DEFAULT_MAX_NEW_TOKENS = 20;

  /**
   * Parses a body.
   *
   * @throws IllegalArgumentException with the message for a 422 validation error
   */
  public static TgiRequest parse(Buffer body) {
    JsonObject root;
    try {
      root = body.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("Failed to deserialize the JSON body");
    }
    if (root == null || !(root.getValue("inputs") instanceof String inputs)) {
      throw new IllegalArgumentException("`inputs` must be a string");
    }
    JsonObject parameters =
        root.getValue("parameters") instanceof JsonObject p ? p : new JsonObject();
    Object max = parameters.getValue("max_new_tokens");
    int maxTokens = DEFAULT_MAX_NEW_TOKENS;
    if (max != null) {
      if (!(max instanceof Integer || max instanceof Long) || ((Number) max).longValue() < 1) {
        throw new IllegalArgumentException("`max_new_tokens` must be strictly positive");
      }
      maxTokens = (int) Math.min(Integer.MAX_VALUE, ((Number) max).longValue());
    }
    return new TgiRequest(
        WordTokenizer.count(inputs),
        maxTokens,
        Boolean.TRUE.equals(parameters.getValue("details")));
  }
}
