package io.broadside.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code $.models}: a non-empty list whose elements are {@code {name, weight, url}} objects
 * or a bare name as shorthand for {@code {name: <name>}}. Names are unique; a model's {@code url}
 * replaces the target's for its requests.
 */
final class ModelsReader {
  static final Set<String> KEYS = Fields.keys("name", "weight", "url");
  static final double DEFAULT_WEIGHT = 1.0;

  private ModelsReader() {}

  /** The models, or null if missing or any has a problem (reported). */
  static List<Model> read(Fields plan) {
    List<JsonNode> elements = plan.required("models", plan::list);
    if (elements == null) {
      return null;
    }
    ProblemSink problems = plan.problems();
    String listPath = plan.pathOf("models");
    if (elements.isEmpty()) {
      problems.add(listPath, "must list at least one model, was []");
      return null;
    }
    int before = problems.count();
    List<Model> models = new ArrayList<>();
    Map<String, String> pathByName = new HashMap<>();
    for (int i = 0; i < elements.size(); i++) {
      JsonNode element = elements.get(i);
      String path = PlanPath.index(listPath, i);
      String namePath = path;
      Model model = null;
      if (element.isTextual() && !element.asText().isBlank()) {
        model = new Model(element.asText(), DEFAULT_WEIGHT);
      } else if (element.isObject()) {
        Fields fields = Fields.of(element, path, KEYS, Map.of(), problems);
        String name = fields.required("name", fields::text);
        Double weight = fields.positiveNumber("weight");
        java.net.URI url = fields.has("url") ? TargetReader.url(fields, "url") : null;
        namePath = fields.pathOf("name");
        model =
            name == null
                ? null
                : new Model(name, Objects.requireNonNullElse(weight, DEFAULT_WEIGHT), url);
      } else {
        problems.add(path, "must be a model name or {name, weight}, was " + Fields.quote(element));
      }
      if (model != null) {
        String first = pathByName.putIfAbsent(model.name(), namePath);
        if (first != null) {
          problems.add(namePath, "duplicate model name '" + model.name() + "', first at " + first);
        }
        models.add(model);
      }
    }
    return problems.count() > before ? null : models;
  }
}
