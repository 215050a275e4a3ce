package io.broadside.common.plan;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code $.load}: the mode, the options that belong to it (open: arrival, maxConcurrency,
 * overflow; closed: thinkTime) and exactly one shape. Options of the other mode are problems, not
 * silently ignored.
 */
final class LoadReader {
  /** The load shapes, exactly one of which a plan's load has. */
  static final List<String> SHAPES =
      List.of(
          "stages",
          "sweep",
          "burst",
          "count",
          "trace",
          "saturate",
          "rounds",
          "feedback",
          "scale",
          "capacity");

  static final Set<String> KEYS = keys();

  /** Shapes in DESIGN.md §3 that this version does not run yet. */
  static final List<String> LATER_SHAPES = List.of();

  private static final List<String> SUPPORTED_SHAPES = SHAPES;
  private static final Map<String, String> NOT_YET = notYet();

  private LoadReader() {}

  private static Set<String> keys() {
    List<String> all =
        new java.util.ArrayList<>(
            List.of(
                "mode",
                "arrival",
                "burstiness",
                "maxConcurrency",
                "overflow",
                "thinkTime",
                "gracefulStop"));
    all.addAll(SHAPES);
    return Fields.keys(all.toArray(String[]::new));
  }

  /** The load, or null if it is missing or has a problem (reported). */
  static Load read(Fields plan, PlanFiles planFiles, long seed, List<Model> models) {
    Fields load = plan.required("load", key -> plan.object(key, KEYS, NOT_YET));
    if (load == null) {
      return null;
    }
    int before = load.problems().count();
    LoadMode mode = load.required("mode", key -> load.choice(key, LoadMode.class));
    Arrival arrival = null;
    Integer maxConcurrency = null;
    Overflow overflow = null;
    Duration thinkTime = null;
    Double burstiness = null;
    if (LoadModes.wrong(mode, LoadMode.OPEN)) {
      for (String key : List.of("arrival", "burstiness", "maxConcurrency", "overflow")) {
        LoadModes.forbidOutside(load, key, mode, LoadMode.OPEN);
      }
    } else {
      arrival = load.choice("arrival", Arrival.class);
      burstiness = load.positiveNumber("burstiness");
      if (burstiness != null && arrival != null && arrival != Arrival.GAMMA) {
        load.problem(
            "burstiness",
            "only applies to arrival: gamma (arrival is " + Fields.spelling(arrival) + ")");
      }
      maxConcurrency = load.wholeNumber("maxConcurrency", 0);
      overflow = load.choice("overflow", Overflow.class);
    }
    if (LoadModes.wrong(mode, LoadMode.CLOSED)) {
      LoadModes.forbidOutside(load, "thinkTime", mode, LoadMode.CLOSED);
    } else {
      thinkTime = load.duration("thinkTime", false);
    }
    Duration gracefulStop = load.duration("gracefulStop", false);
    if (gracefulStop != null && gracefulStop.compareTo(MAX_GRACEFUL_STOP) > 0) {
      load.problem("gracefulStop", "must be at most 1h, was '" + load.text("gracefulStop") + "'");
    }
    LoadShape shape = shape(load, mode, planFiles, seed, models);
    if (load.problems().count() > before) {
      return null;
    }
    return new Load(
        mode,
        Objects.requireNonNullElse(arrival, Arrival.CONSTANT),
        Objects.requireNonNullElse(maxConcurrency, 0),
        Objects.requireNonNullElse(overflow, Overflow.QUEUE),
        Objects.requireNonNullElse(thinkTime, Duration.ZERO),
        shape,
        Objects.requireNonNullElse(burstiness, 1.0),
        Objects.requireNonNullElse(gracefulStop, Load.DEFAULT_GRACEFUL_STOP));
  }

  private static final Duration MAX_GRACEFUL_STOP = Duration.ofHours(1);

  private static LoadShape shape(
      Fields load, LoadMode mode, PlanFiles planFiles, long seed, List<Model> models) {
    List<String> given =
        load.keysPresent().stream()
            .filter(key -> SUPPORTED_SHAPES.contains(key) || LATER_SHAPES.contains(key))
            .filter(load::has)
            .toList();
    if (given.isEmpty()) {
      load.problems()
          .add(load.path(), "must have a load shape: " + String.join(" or ", SUPPORTED_SHAPES));
      return null;
    }
    if (given.size() > 1) {
      load.problems()
          .add(load.path(), "must have exactly one load shape, has " + String.join(", ", given));
    }
    if (given.size() > 1) {
      return null;
    }
    if (load.has("stages")) {
      return StagesReader.read(load, mode);
    }
    if (load.has("sweep")) {
      return SweepReader.read(load, mode);
    }
    if (load.has("rounds")) {
      return RoundsReader.read(load, mode, models);
    }
    if (load.has("saturate")) {
      return SaturateReader.read(load, mode);
    }
    if (load.has("capacity")) {
      return CapacityReader.read(load, mode, models);
    }
    if (load.has("scale")) {
      return ScaleReader.read(load, mode, planFiles, models);
    }
    if (load.has("feedback")) {
      return FeedbackReader.read(load, mode);
    }
    if (load.has("burst")) {
      return BurstReader.read(load, mode);
    }
    if (load.has("count")) {
      return CountReader.read(load, mode);
    }
    return load.has("trace") ? TraceReader.read(load, mode, planFiles, seed) : null;
  }

  private static Map<String, String> notYet() {
    Map<String, String> messages = new LinkedHashMap<>();
    for (String shape : LATER_SHAPES) {
      messages.put(
          shape,
          "load shape '"
              + shape
              + "' is not supported yet; supported: "
              + String.join(", ", SUPPORTED_SHAPES));
    }
    return Map.copyOf(messages);
  }
}
