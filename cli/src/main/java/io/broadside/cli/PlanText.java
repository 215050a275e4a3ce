package io.broadside.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Small edits of a plan's text before it is submitted (the demo points it at its simulator). */
final class PlanText {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private PlanText() {}

  static String withTargetUrl(String text, String url) {
    try {
      JsonNode tree = YAML.readTree(text);
      ((ObjectNode) tree.get("target")).put("url", url);
      return YAML.writeValueAsString(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> modelNames(String text) {
    try {
      List<String> names = new ArrayList<>();
      for (JsonNode m : YAML.readTree(text).path("models")) {
        names.add(m.isTextual() ? m.asText() : m.path("name").asText());
      }
      return names.isEmpty() ? List.of("llama-2-7b") : names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
