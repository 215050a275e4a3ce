package io.broadside.agent.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** JSON trees of answers that are read whole; thread-safe. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** The body as a tree; anything but JSON is an {@link IOException}. */
  public static JsonNode tree(Buffer body) throws IOException {
    return tree(body.toString());
  }

  public static JsonNode tree(String text) throws IOException {
    JsonNode node = MAPPER.readTree(text);
    if (node == null || node.isMissingNode()) {
      throw new IOException("empty body");
    }
    return node;
  }

  /** An int field, or {@code fallback} when absent or not a number. */
  public static int intAt(JsonNode node, String field, int fallback) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isNumber() ? value.intValue() : fallback;
  }

  /** Whether the text field is present and not empty. */
  public static boolean hasText(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() && !value.textValue().isEmpty();
  }
}
