package io.broadside.common.plan;

import io.broadside.common.unit.Rate;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code $.load.count}: exactly {@code requests} requests from {@code users} (closed) or at
 * {@code rate} (open), within {@code maxDuration} (10 minutes by default).
 */
final class CountReader {
  static final Set<String> KEYS = Fields.keys("requests", "users", "rate", "maxDuration");
  static final Duration DEFAULT_MAX = Duration.ofMinutes(10);

  private CountReader() {}

  static Count read(Fields load, LoadMode mode) {
    Fields count =
        Fields.of(load.get("count"), load.pathOf("count"), KEYS, Map.of(), load.problems());
    if (count == null) {
      return null;
    }
    int before = count.problems().count();
    Integer requests = count.required("requests", key -> count.wholeNumber(key, 1));
    Integer users = null;
    Rate rate = null;
    LoadModes.forbidOtherLevel(count, mode, "uses");
    if (mode == LoadMode.OPEN) {
      rate = count.required("rate", count::rate);
    } else if (mode == LoadMode.CLOSED) {
      users = count.required("users", key -> count.wholeNumber(key, 1));
    }
    Duration max = count.duration("maxDuration", true);
    if (count.problems().count() > before || mode == null) {
      return null;
    }
    return new Count(requests, users, rate, Objects.requireNonNullElse(max, DEFAULT_MAX));
  }
}
