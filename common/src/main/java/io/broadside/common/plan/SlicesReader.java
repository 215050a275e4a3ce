package io.broadside.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code $.slices}: a list of {@code {name, weight, headers}}, names unique and made of
 * letters, digits, {@code -} and {@code _}. Absent: no slices.
 */
final class SlicesReader {
  static final Set<String> KEYS = Fields.keys("name", "weight", "headers");
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The most slices a plan may have: each multiplies the series a run keeps. */
  static final int MAX_SLICES = 32;

  private SlicesReader() {}

  /** The slices (empty when absent), or null if any has a problem (reported). */
  static List<Slice> read(Fields plan) {
    if (!plan.has("slices")) {
      return List.of();
    }
    List<JsonNode> elements = plan.list("slices");
    if (elements == null) {
      return null;
    }
    ProblemSink problems = plan.problems();
    String listPath = plan.pathOf("slices");
    if (elements.isEmpty() || elements.size() > MAX_SLICES) {
      problems.add(listPath, "must list 1 to " + MAX_SLICES + " slices, listed " + elements.size());
      return null;
    }
    int before = problems.count();
    List<Slice> slices = new ArrayList<>();
    Map<String, String> pathByName = new HashMap<>();
    for (int i = 0; i < elements.size(); i++) {
      String path = PlanPath.index(listPath, i);
      JsonNode element = elements.get(i);
      if (!element.isObject()) {
        problems.add(path, "must be {name, weight, headers}, was " + Fields.quote(element));
        continue;
      }
      Fields fields = Fields.of(element, path, KEYS, Map.of(), problems);
      String name = fields.required("name", fields::text);
      if (name != null && !NAME.matcher(name).matches()) {
        fields.problem(
            "name",
            "must be 1 to 64 letters, digits, '-' or '_' (a label value), was '" + name + "'");
        name = null;
      }
      Double weight = fields.positiveNumber("weight");
      Map<String, String> headers = fields.stringMap("headers");
      if (name != null) {
        String first = pathByName.putIfAbsent(name, fields.pathOf("name"));
        if (first != null) {
          fields.problem("name", "duplicate slice name '" + name + "', first at " + first);
        }
        slices.add(
            new Slice(
                name,
                Objects.requireNonNullElse(weight, 1.0),
                Objects.requireNonNullElse(headers, Map.of())));
      }
    }
    return problems.count() > before ? null : slices;
  }
}
