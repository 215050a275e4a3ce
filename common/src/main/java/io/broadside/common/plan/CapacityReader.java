package io.broadside.common.plan;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code $.load.capacity}: {@code users}, {@code step} and {@code warmup} (each model's step
 * and its lead-in), {@code memory} ({@code {prometheus, query, limit}} or {@code {hook, limit}};
 * absent: only an unload ends the search), {@code mix} ({@code {users, duration}}) and {@code
 * maxModels} (default: every model of the plan). Closed mode.
 */
final class CapacityReader {
  static final Set<String> KEYS =
      Fields.keys("users", "step", "warmup", "memory", "mix", "maxModels");
  static final Set<String> MEMORY_KEYS = Fields.keys("prometheus", "query", "hook", "limit");
  static final Set<String> MIX_KEYS = Fields.keys("users", "duration");

  private CapacityReader() {}

  static Capacity read(Fields load, LoadMode mode, List<Model> models) {
    Fields c =
        Fields.of(load.get("capacity"), load.pathOf("capacity"), KEYS, Map.of(), load.problems());
    if (c == null) {
      return null;
    }
    int before = c.problems().count();
    LoadModes.shapeNeeds(
        load, "capacity", mode, LoadMode.CLOSED, "spreads users over the models loaded so far");
    Integer users = c.wholeNumber("users", 1);
    Duration step = c.required("step", k -> c.duration(k, true));
    Duration warmup = c.required("warmup", k -> c.duration(k, true));
    Integer maxModels = c.wholeNumber("maxModels", 1);
    int count = models == null ? 1 : models.size();
    if (maxModels != null && maxModels > count) {
      c.problem("maxModels", "must be at most the plan's " + count + " models, was " + maxModels);
    }
    URI prometheus = null;
    String query = null;
    List<String> hook = null;
    Double limit = null;
    if (c.has("memory")) {
      Fields m =
          Fields.of(c.get("memory"), c.pathOf("memory"), MEMORY_KEYS, Map.of(), c.problems());
      if (m != null) {
        limit = m.required("limit", m::positiveNumber);
        if (m.has("hook") == m.has("query")) {
          m.problems()
              .add(m.path(), "must have exactly one of 'query' (with 'prometheus') or 'hook'");
        } else if (m.has("query")) {
          query = m.text("query");
          prometheus = m.required("prometheus", k -> TargetReader.url(m, k));
        } else {
          m.forbid("prometheus", "only applies to a query");
          hook = ScaleReader.command(m, "hook");
        }
      }
    }
    Fields mix =
        c.required("mix", k -> Fields.of(c.get(k), c.pathOf(k), MIX_KEYS, Map.of(), c.problems()));
    Integer mixUsers = null;
    Duration mixDuration = null;
    if (mix != null) {
      mixUsers = mix.required("users", k -> mix.wholeNumber(k, 1));
      mixDuration = mix.required("duration", k -> mix.duration(k, true));
    }
    if (c.problems().count() > before || mode == null || models == null) {
      return null;
    }
    return new Capacity(
        Objects.requireNonNullElse(users, 1),
        step,
        warmup,
        prometheus,
        query,
        hook,
        limit,
        mixUsers,
        mixDuration,
        Objects.requireNonNullElse(maxModels, count));
  }
}
