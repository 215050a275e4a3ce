package io.broadside.common.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code $.load.saturate}: levels as a sweep's ({@code users} or {@code rate}: a list or
 * {@code {from, step | factor, max}}; {@code duration}, {@code warmup}) and {@code limits}, gates
 * as in {@code thresholds} that every level must hold. With {@code search: bisect}, {@code users:
 * {from, max}} and {@code precision} (users, default 1) instead: see {@link Bisect}.
 */
final class SaturateReader {
  static final Set<String> KEYS =
      Fields.keys("users", "rate", "duration", "warmup", "limits", "search", "precision");

  /** The search's limit when the plan names none. */
  static final Thresholds DEFAULT_LIMITS =
      new Thresholds(List.of(new Threshold("errorRate", "errorRate", null, 0.01, "1%")));

  /** How a saturation search raises its level. */
  enum Search {
    STEPS,
    BISECT
  }

  private SaturateReader() {}

  static Saturate read(Fields load, LoadMode mode) {
    Fields saturate =
        Fields.of(load.get("saturate"), load.pathOf("saturate"), KEYS, Map.of(), load.problems());
    if (saturate == null) {
      return null;
    }
    int before = saturate.problems().count();
    Search search =
        Objects.requireNonNullElse(saturate.choice("search", Search.class), Search.STEPS);
    Sweep steps = null;
    Bisect bisect = null;
    if (search == Search.BISECT) {
      bisect = bisect(saturate, mode);
    } else {
      saturate.forbid("precision", "only applies to search: bisect");
      steps = SweepReader.levels(saturate, mode);
    }
    Thresholds limits = ThresholdsReader.read(saturate, "limits");
    if (saturate.problems().count() > before
        || (steps == null && bisect == null)
        || limits == null) {
      return null;
    }
    return new Saturate(steps, limits.gates().isEmpty() ? DEFAULT_LIMITS : limits, bisect);
  }

  private static Bisect bisect(Fields saturate, LoadMode mode) {
    int before = saturate.problems().count();
    if (LoadModes.wrong(mode, LoadMode.CLOSED)) {
      saturate.problem(
          "search",
          "bisect searches users: it needs mode closed (mode is open; use steps of rate)");
      return null;
    }
    LoadModes.forbidOtherLevel(saturate, LoadMode.CLOSED, "searches");
    Duration duration = saturate.required("duration", key -> saturate.duration(key, true));
    Duration warmup = saturate.required("warmup", key -> saturate.duration(key, true));
    Integer precision = saturate.wholeNumber("precision", 1);
    Fields users =
        saturate.required(
            "users",
            key -> {
              if (saturate.get(key).isObject()) {
                return Fields.of(
                    saturate.get(key),
                    saturate.pathOf(key),
                    SweepReader.GENERATOR_KEYS,
                    Map.of(),
                    saturate.problems());
              }
              saturate.problem(key, "must be {from, max} for search: bisect");
              return null;
            });
    Integer from = null;
    Integer max = null;
    if (users != null) {
      from = users.required("from", k -> users.wholeNumber(k, 1));
      max = users.required("max", k -> users.wholeNumber(k, 1));
      for (String k : List.of("step", "factor")) {
        users.forbid(k, "a bisection chooses its own levels");
      }
      if (from != null && max != null && max < from) {
        users.problem("max", "must be at least from (" + from + ")");
      }
    }
    if (saturate.problems().count() > before || mode == null) {
      return null;
    }
    return new Bisect(
        from,
        max,
        Objects.requireNonNullElse(precision, 1),
        duration,
        Objects.requireNonNull(warmup));
  }
}
