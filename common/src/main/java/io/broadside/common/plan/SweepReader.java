package io.broadside.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.unit.Rate;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code $.load.sweep}: {@code users} (closed) or {@code rate} (open), a non-empty list of
 * distinct levels, each held for {@code duration} after an optional {@code warmup}.
 */
final class SweepReader {
  static final Set<String> KEYS = Fields.keys("users", "rate", "duration", "warmup");

  private SweepReader() {}

  /** The sweep, or null if it has a problem (reported). */
  static Sweep read(Fields load, LoadMode mode) {
    Fields sweep =
        Fields.of(
            load.get("sweep"), load.pathOf("sweep"), KEYS, java.util.Map.of(), load.problems());
    if (sweep == null) {
      return null;
    }
    int before = sweep.problems().count();
    Duration duration = sweep.required("duration", key -> sweep.duration(key, true));
    Duration warmup = sweep.duration("warmup", false);
    String levelKey = mode == LoadMode.OPEN ? "rate" : "users";
    String otherKey = mode == LoadMode.OPEN ? "users" : "rate";
    if (mode != null) {
      sweep.forbid(
          otherKey,
          mode == LoadMode.OPEN
              ? "only applies to closed mode (open mode sweeps rate)"
              : "only applies to open mode (closed mode sweeps users)");
    }
    List<JsonNode> elements = sweep.required(levelKey, sweep::list);
    List<Stage> levels = new ArrayList<>();
    if (elements != null) {
      String listPath = sweep.pathOf(levelKey);
      if (elements.isEmpty()) {
        sweep.problem(levelKey, "must list at least one level, was []");
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < elements.size(); i++) {
        String path = PlanPath.index(listPath, i);
        JsonNode e = elements.get(i);
        Stage stage =
            mode == LoadMode.OPEN
                ? rateLevel(e, path, duration, sweep)
                : usersLevel(e, path, duration, sweep);
        if (stage != null && !names.add(stage.name())) {
          sweep
              .problems()
              .add(path, "repeats the level " + e.asText() + "; each level is held once");
        } else if (stage != null) {
          levels.add(stage);
        }
      }
    }
    if (sweep.problems().count() > before || mode == null) {
      return null;
    }
    return new Sweep(levels, Objects.requireNonNullElse(warmup, Duration.ZERO));
  }

  private static Stage usersLevel(JsonNode e, String path, Duration duration, Fields sweep) {
    if (e.isIntegralNumber() && e.canConvertToInt() && e.intValue() >= 1) {
      return new Stage("users-" + e.intValue(), duration, e.intValue(), null, null);
    }
    sweep.problems().add(path, "must be a positive whole number of users, was " + e);
    return null;
  }

  private static Stage rateLevel(JsonNode e, String path, Duration duration, Fields sweep) {
    try {
      Rate rate = Rate.parse(e.asText());
      String perSecond = BigDecimal.valueOf(rate.perSecond()).stripTrailingZeros().toPlainString();
      return new Stage("rate-" + perSecond, duration, null, rate, null);
    } catch (IllegalArgumentException ex) {
      sweep.problems().add(path, ex.getMessage());
      return null;
    }
  }
}
