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
    return sweep == null ? null : levels(sweep, mode);
  }

  /**
   * The levels of a sweep or a saturation search: {@code users} or {@code rate}, a list or {@code
   * {from, step | factor, max}}, each held for {@code duration} after {@code warmup}.
   */
  static Sweep levels(Fields sweep, LoadMode mode) {
    int before = sweep.problems().count();
    Duration duration = sweep.required("duration", key -> sweep.duration(key, true));
    Duration warmup = sweep.duration("warmup", false);
    String levelKey = LoadModes.levelKey(mode);
    LoadModes.forbidOtherLevel(sweep, mode, "sweeps");
    List<JsonNode> elements =
        sweep.required(
            levelKey,
            key ->
                sweep.get(key) != null && sweep.get(key).isObject()
                    ? generated(sweep, key, mode)
                    : sweep.list(key));
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

  static final Set<String> GENERATOR_KEYS = Fields.keys("from", "step", "factor", "max");

  /**
   * {@code {from, step | factor, max}}: from, then adding step or multiplying by factor, to max.
   */
  private static List<JsonNode> generated(Fields sweep, String key, LoadMode mode) {
    Fields g =
        Fields.of(
            sweep.get(key),
            sweep.pathOf(key),
            GENERATOR_KEYS,
            java.util.Map.of(),
            sweep.problems());
    if (g == null) {
      return null;
    }
    int before = g.problems().count();
    boolean users = LoadModes.levelKey(mode).equals("users");
    Double from =
        users ? toDouble(g.required("from", k -> g.wholeNumber(k, 1))) : perSecond(g, "from", true);
    Double max =
        users ? toDouble(g.required("max", k -> g.wholeNumber(k, 1))) : perSecond(g, "max", true);
    Double step = users ? toDouble(g.wholeNumber("step", 1)) : perSecond(g, "step", false);
    Double factor = g.positiveNumber("factor");
    if ((step == null) == (factor == null) && g.problems().count() == before) {
      g.problems().add(g.path(), "must have exactly one of 'step' or 'factor'");
    }
    if (factor != null && factor <= 1) {
      g.problem("factor", "must be more than 1, was " + factor);
    }
    if (from != null && max != null && max < from) {
      g.problem("max", "must be at least from (" + g.get("from").asText() + ")");
    }
    if (g.problems().count() > before) {
      return null;
    }
    List<JsonNode> out = new ArrayList<>();
    var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    for (double level = from; level <= max * (1 + 1e-9) && out.size() < 1_000; ) {
      out.add(users ? nodes.numberNode((int) Math.round(level)) : nodes.textNode(rateText(level)));
      double next = step != null ? level + step : level * factor;
      if (users && Math.round(next) <= Math.round(level)) {
        next = Math.round(level) + 1;
      }
      level = next;
    }
    return out;
  }

  private static Double toDouble(Integer i) {
    return i == null ? null : i.doubleValue();
  }

  private static Double perSecond(Fields g, String key, boolean required) {
    Rate r = required ? g.required(key, g::rate) : g.rate(key);
    return r == null ? null : r.perSecond();
  }

  private static String rateText(double perSecond) {
    return BigDecimal.valueOf(perSecond)
            .round(new java.math.MathContext(6))
            .stripTrailingZeros()
            .toPlainString()
        + "/s";
  }
}
