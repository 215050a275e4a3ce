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
  static final Set<String> KEYS =
      Fields.keys("name", "duration", "users", "rate", "ramp", "spawnRate");

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
    Integer previousUsers = 0;
    for (int i = 0; i < elements.size(); i++) {
      Fields fields =
          Fields.of(elements.get(i), PlanPath.index(listPath, i), KEYS, Map.of(), problems);
      Stage stage = fields == null ? null : stage(fields, i + 1, mode, previousUsers);
      previousUsers = stage == null ? null : stage.users();
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
  private static Stage stage(Fields stage, int number, LoadMode mode, Integer previousUsers) {
    int before = stage.problems().count();
    String name = Objects.requireNonNullElse(stage.text("name"), "stage-" + number);
    Duration duration = stage.required("duration", key -> stage.duration(key, true));
    Integer users = null;
    Rate rate = null;
    LoadModes.forbidOtherLevel(stage, mode, "uses");
    if (mode == LoadMode.OPEN) {
      rate = stage.required("rate", stage::rate);
    } else if (mode == LoadMode.CLOSED) {
      users = stage.required("users", key -> stage.wholeNumber(key, 0));
    } else {
      users = stage.wholeNumber("users", 0);
      rate = stage.rate("rate");
    }
    Duration ramp = stage.duration("ramp", false);
    if (stage.has("spawnRate")) {
      ramp = spawnRamp(stage, mode, users, previousUsers, ramp, duration);
    }
    if (ramp != null
        && duration != null
        && ramp.compareTo(duration) > 0
        && !stage.has("spawnRate")) {
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

  /**
   * Locust's spawn rate: users start (or stop) at this many per second from the previous stage's
   * users until the stage's users are reached, which must happen within the stage.
   */
  private static Duration spawnRamp(
      Fields stage,
      LoadMode mode,
      Integer users,
      Integer previousUsers,
      Duration ramp,
      Duration duration) {
    if (LoadModes.wrong(mode, LoadMode.CLOSED)) {
      stage.problem("spawnRate", "only applies to closed mode (users per second)");
      return ramp;
    }
    if (ramp != null) {
      stage.problem("spawnRate", "give ramp or spawnRate, not both");
      return ramp;
    }
    io.broadside.common.unit.Rate rate = stage.rate("spawnRate");
    if (rate == null || users == null || previousUsers == null) {
      return null;
    }
    Duration spawn =
        Duration.ofNanos(Math.round(Math.abs(users - previousUsers) / rate.perSecond() * 1e9));
    if (duration != null && spawn.compareTo(duration) > 0) {
      stage.problem(
          "spawnRate",
          "reaching "
              + users
              + " users from "
              + previousUsers
              + " at "
              + rate.format()
              + " takes "
              + Durations.format(spawn)
              + ", longer than the stage's duration ("
              + Durations.format(duration)
              + ")");
    }
    return spawn;
  }
}
