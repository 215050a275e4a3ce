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

  /** {@code models: {prefix, count, start, suffix, url}}: many numbered models, e.g. 200. */
  static final Set<String> GENERATED_KEYS =
      Fields.keys("prefix", "count", "start", "suffix", "url");

  /** The most models a generated list may name. */
  static final int MAX_GENERATED = 10_000;

  static final double DEFAULT_WEIGHT = 1.0;

  private ModelsReader() {}

  /** The models, or null if missing or any has a problem (reported). */
  static List<Model> read(Fields plan) {
    if (plan.get("models") != null && plan.get("models").isObject()) {
      return generated(plan);
    }
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

  /**
   * {@code {prefix, count, start = 1, suffix = "", url}}: the models {@code <prefix><n><suffix>}
   * for n from start, count of them (a SageMaker multi-model endpoint's {@code model-0.tar.gz} …, a
   * KServe study's hundreds of InferenceServices); {@code url} may hold {@code ${model}} for each
   * model's own host.
   */
  private static List<Model> generated(Fields plan) {
    Fields g =
        Fields.of(
            plan.get("models"), plan.pathOf("models"), GENERATED_KEYS, Map.of(), plan.problems());
    int before = g.problems().count();
    String prefix = g.required("prefix", g::text);
    Integer count = g.required("count", k -> g.wholeNumber(k, 1));
    Integer start = g.wholeNumber("start", 0);
    String suffix = g.has("suffix") ? g.get("suffix").asText() : "";
    String url = g.text("url");
    if (count != null && count > MAX_GENERATED) {
      g.problem("count", "must be at most " + MAX_GENERATED + ", was " + count);
    }
    if (url != null) {
      try {
        java.net.URI sample = new java.net.URI(url.replace("${model}", "m"));
        if (sample.getHost() == null
            || !sample.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("http")) {
          throw new java.net.URISyntaxException(url, "not http");
        }
      } catch (java.net.URISyntaxException | NullPointerException e) {
        g.problem(
            "url",
            "must be an absolute http or https URL, ${model} standing for each model's name, such"
                + " as http://${model}-predictor.models.svc, was '"
                + url
                + "'");
      }
    }
    if (g.problems().count() > before) {
      return null;
    }
    List<Model> models = new ArrayList<>(count);
    int first = Objects.requireNonNullElse(start, 1);
    for (int n = first; n < first + count; n++) {
      String name = prefix + n + suffix;
      models.add(
          new Model(
              name,
              DEFAULT_WEIGHT,
              url == null ? null : java.net.URI.create(url.replace("${model}", name))));
    }
    return models;
  }
}
