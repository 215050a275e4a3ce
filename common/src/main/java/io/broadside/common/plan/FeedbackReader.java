package io.broadside.common.plan;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code $.load.feedback}: {@code prometheus} (URL), {@code query} (PromQL), {@code target},
 * {@code tolerance}, {@code users: {from, min, max}}, {@code duration} and {@code warmup} of a
 * step, {@code steps} (the most, default 12) and {@code hold} (steps in a row that must hold,
 * default 2). Closed mode only: it adjusts users.
 */
final class FeedbackReader {
  static final Set<String> KEYS =
      Fields.keys(
          "prometheus",
          "query",
          "target",
          "tolerance",
          "users",
          "duration",
          "warmup",
          "steps",
          "hold");

  static final Set<String> USERS_KEYS = Fields.keys("from", "min", "max");

  private FeedbackReader() {}

  static Feedback read(Fields load, LoadMode mode) {
    Fields f =
        Fields.of(load.get("feedback"), load.pathOf("feedback"), KEYS, Map.of(), load.problems());
    if (f == null) {
      return null;
    }
    int before = f.problems().count();
    if (LoadModes.wrong(mode, LoadMode.CLOSED)) {
      f.problems().add(f.path(), "adjusts users: it needs mode closed (mode is open)");
    }
    URI prometheus = f.required("prometheus", key -> TargetReader.url(f, key));
    String query = f.required("query", f::text);
    Double target = f.required("target", f::positiveNumber);
    Double tolerance = f.required("tolerance", f::positiveNumber);
    Duration duration = f.required("duration", key -> f.duration(key, true));
    Duration warmup = f.required("warmup", key -> f.duration(key, true));
    Integer steps = f.wholeNumber("steps", 1);
    Integer hold = f.wholeNumber("hold", 1);
    Fields users =
        f.required(
            "users",
            key -> Fields.of(f.get(key), f.pathOf(key), USERS_KEYS, Map.of(), f.problems()));
    Integer from = null;
    Integer min = null;
    Integer max = null;
    if (users != null) {
      from = users.required("from", k -> users.wholeNumber(k, 1));
      min = users.wholeNumber("min", 1);
      max = users.required("max", k -> users.wholeNumber(k, 1));
      int lo = Objects.requireNonNullElse(min, 1);
      if (from != null && max != null && (from < lo || from > max)) {
        users.problem("from", "must lie between min (" + lo + ") and max (" + max + ")");
      }
    }
    int stepCount = Objects.requireNonNullElse(steps, 12);
    int holdCount = Objects.requireNonNullElse(hold, 2);
    if (holdCount > stepCount) {
      f.problem("hold", "must be at most steps (" + stepCount + "), was " + holdCount);
    }
    if (f.problems().count() > before || mode == null) {
      return null;
    }
    return new Feedback(
        prometheus,
        query,
        target,
        tolerance,
        from,
        Objects.requireNonNullElse(min, 1),
        max,
        duration,
        warmup,
        stepCount,
        holdCount);
  }
}
