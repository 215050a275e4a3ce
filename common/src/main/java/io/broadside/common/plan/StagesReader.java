package io.broadside.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.unit.Durations;
import io.broadside.common.unit.Rate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code $.load.stages}: a non-empty list of stages, each with a duration and the level of
 * its mode (closed: users; open: rate), an optional ramp no longer than the duration, and a unique
 * name (default {@code stage-<n>} from 1). When the mode itself is bad, levels are checked for type
 * only.
 */
final class StagesReader {
  static final Set<String> KEYS = Fields.keys("name", "duration", "users", "rate", "ramp");

  private StagesReader() {}

  /** The stages, or null if any has a problem (reported). */
  static Stages read(Fields load, LoadMode mode) {
    List<JsonNode> elements = load.list("stages");
    if (elements == null) {
      return null;
    }
    ProblemSink problems = load.problems();
    String listPath = load.pathOf("stages");
    if (elements.isEmpty()) {
      problems.add(listPath, "must list at least one stage, was []");
      return null;
    }
    int before = problems.count();
    List<Stage> stages = new ArrayList<>();
    Map<String, String> pathByName = new HashMap<>();
    for (int i = 0; i < elements.size(); i++) {
      Fields fields =
          Fields.of(elements.get(i), PlanPath.index(listPath, i), KEYS, Map.of(), problems);
      Stage stage = fields == null ? null : stage(fields, i + 1, mode);
      if (stage != null) {
        String first = pathByName.putIfAbsent(stage.name(), fields.pathOf("name"));
        if (first != null) {
          fields.problem("name", "duplicate stage name '" + stage.name() + "', first at " + first);
        }
        stages.add(stage);
      }
    }
    return problems.count() > before ? null : new Stages(stages);
  }

  /** One stage, or null if it has a problem (reported). */
  private static Stage stage(Fields stage, int number, LoadMode mode) {
    int before = stage.problems().count();
    String name = Objects.requireNonNullElse(stage.text("name"), "stage-" + number);
    Duration duration = stage.required("duration", key -> stage.duration(key, true));
    Integer users = null;
    Rate rate = null;
    if (mode == LoadMode.OPEN) {
      stage.forbid("users", "only applies to closed mode (open mode uses rate)");
      rate = stage.required("rate", stage::rate);
    } else if (mode == LoadMode.CLOSED) {
      stage.forbid("rate", "only applies to open mode (closed mode uses users)");
      users = stage.required("users", key -> stage.wholeNumber(key, 0));
    } else {
      users = stage.wholeNumber("users", 0);
      rate = stage.rate("rate");
    }
    Duration ramp = stage.duration("ramp", false);
    if (ramp != null && duration != null && ramp.compareTo(duration) > 0) {
      stage.problem(
          "ramp",
          "must not be longer than the stage's duration ("
              + Durations.format(duration)
              + "), was '"
              + stage.get("ramp").asText()
              + "'");
    }
    if (stage.problems().count() > before) {
      return null;
    }
    return new Stage(name, duration, users, rate, ramp == null || ramp.isZero() ? null : ramp);
  }
}
