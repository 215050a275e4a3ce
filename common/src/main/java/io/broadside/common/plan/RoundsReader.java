package io.broadside.common.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code $.load.rounds}: {@code users} per model, {@code duration} and {@code warmup} per
 * round, and which rounds run ({@code concurrent}, {@code sequential}: both by default). Closed
 * mode, two models or more.
 */
final class RoundsReader {
  static final Set<String> KEYS =
      Fields.keys("users", "duration", "warmup", "concurrent", "sequential");

  private RoundsReader() {}

  static Rounds read(Fields load, LoadMode mode, List<Model> models) {
    Fields rounds =
        Fields.of(load.get("rounds"), load.pathOf("rounds"), KEYS, Map.of(), load.problems());
    if (rounds == null) {
      return null;
    }
    int before = rounds.problems().count();
    Integer users = rounds.required("users", key -> rounds.wholeNumber(key, 1));
    Duration duration = rounds.required("duration", key -> rounds.duration(key, true));
    Duration warmup = rounds.duration("warmup", false);
    Boolean concurrent = rounds.bool("concurrent");
    Boolean sequential = rounds.bool("sequential");
    LoadModes.shapeNeeds(
        load, "rounds", mode, LoadMode.CLOSED, "holds users per model, a closed-loop shape");
    if (Boolean.FALSE.equals(concurrent) && Boolean.FALSE.equals(sequential)) {
      rounds
          .problems()
          .add(rounds.path(), "must run the concurrent round, the sequential one or both");
    }
    if (models != null && models.size() < 2) {
      load.problem("rounds", "compares models with each other: the plan must name two or more");
    }
    if (rounds.problems().count() > before || mode != LoadMode.CLOSED || models == null) {
      return null;
    }
    return new Rounds(
        models.stream().map(Model::name).toList(),
        users,
        duration,
        Objects.requireNonNullElse(warmup, Duration.ZERO),
        !Boolean.FALSE.equals(concurrent),
        !Boolean.FALSE.equals(sequential));
  }
}
