package io.broadside.agent.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every dataset format's reader shares: an entry's fields read with a problem for each that is
 * wrong, and the prompts made of them. Stateless.
 */
final class EntryFields {
  private EntryFields() {}

  // ---- prompts

  static Prompt prompt(String text, List<Map<String, String>> messages, Integer maxTokens) {
    return new Prompt(text, messages, maxTokens, PromptSource.words(text));
  }

  /** A chat; its text (for completions protocols) is the contents joined by blank lines. */
  static Prompt chat(List<Map<String, String>> messages, Integer maxTokens) {
    StringBuilder text = new StringBuilder();
    for (Map<String, String> m : messages) {
      if (!m.get("content").isBlank()) {
        text.append(text.isEmpty() ? "" : "\n\n").append(m.get("content"));
      }
    }
    return prompt(text.toString(), List.copyOf(messages), maxTokens);
  }

  static Map<String, String> message(String role, String content) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("content", content);
    return Collections.unmodifiableMap(m);
  }

  // ---- values

  /** A string field; a problem if it is not one, or is blank when {@code nonBlank}. */
  static String text(
      JsonNode node, String key, boolean nonBlank, String at, List<String> problems) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      problems.add(at + key + " is required");
      return null;
    }
    if (!value.isTextual()) {
      problems.add(at + key + " must be a string, was " + quote(value));
      return null;
    }
    if (nonBlank && value.textValue().isBlank()) {
      problems.add(at + key + " is empty");
      return null;
    }
    return value.textValue();
  }

  /** An optional positive whole number field. */
  static Integer positive(JsonNode node, String key, String at, List<String> problems) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 1) {
      return value.intValue();
    }
    problems.add(at + key + " must be a positive whole number, was " + quote(value));
    return null;
  }

  static Integer wordsOrNull(String text) {
    int words = text == null ? 0 : PromptSource.words(text);
    return words == 0 ? null : words;
  }

  /**
   * What a value is, for a problem: numbers and booleans as they are, text and structures by kind
   * only, so that no answer repeats a line of a file.
   */
  static String quote(JsonNode value) {
    if (value.isNumber() || value.isBoolean() || value.isNull()) {
      return value.toString();
    }
    if (value.isTextual()) {
      return value.textValue().isEmpty() ? "an empty string" : "a string";
    }
    if (value.isArray()) {
      return value.isEmpty() ? "[]" : "a list";
    }
    return value.isEmpty() ? "{}" : "an object";
  }
}
