package io.broadside.common.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code $.load.scale}: {@code create} ({@code {hook: [command…], every, concurrency}} or
 * {@code {timestamps: file}}; absent: every model exists at the start), {@code ready} ({@code
 * {probe: kserve-v2 | kserve-v1 | inference, interval, timeout}}) and {@code validate} (requests
 * per model, default 1). The timestamps file has a line per model, {@code <model>,<created>}, the
 * time as an ISO-8601 instant (Kubernetes' {@code creationTimestamp}) or epoch seconds; a header
 * line is skipped. Closed mode.
 */
final class ScaleReader {
  static final Set<String> KEYS = Fields.keys("create", "ready", "validate");

  /** Creation commands running at once, at most. */
  static final int MAX_HOOK_CONCURRENCY = 8;

  static final Set<String> CREATE_KEYS = Fields.keys("hook", "every", "concurrency", "timestamps");
  static final Set<String> READY_KEYS = Fields.keys("probe", "interval", "timeout");

  private ScaleReader() {}

  static Scale read(Fields load, LoadMode mode, PlanFiles planFiles, List<Model> models) {
    Fields scale =
        Fields.of(load.get("scale"), load.pathOf("scale"), KEYS, Map.of(), load.problems());
    if (scale == null) {
      return null;
    }
    int before = scale.problems().count();
    LoadModes.shapeNeeds(
        load, "scale", mode, LoadMode.CLOSED, "validates each model with requests one at a time");
    Integer validate = scale.wholeNumber("validate", 0);
    Fields ready =
        scale.required(
            "ready",
            k -> Fields.of(scale.get(k), scale.pathOf(k), READY_KEYS, Map.of(), scale.problems()));
    Scale.Probe probe = null;
    Duration interval = null;
    Duration timeout = null;
    if (ready != null) {
      probe = ready.required("probe", k -> ready.choice(k, Scale.Probe.class));
      interval = ready.duration("interval", true);
      timeout = ready.required("timeout", k -> ready.duration(k, true));
    }
    Scale.Create create = Scale.Create.AT_START;
    if (scale.has("create")) {
      create = create(scale, planFiles, models);
    }
    if (scale.problems().count() > before || mode == null || create == null) {
      return null;
    }
    return new Scale(
        create,
        probe,
        Objects.requireNonNullElse(interval, Duration.ofSeconds(1)),
        timeout,
        Objects.requireNonNullElse(validate, 1));
  }

  private static Scale.Create create(Fields scale, PlanFiles planFiles, List<Model> models) {
    Fields c =
        Fields.of(
            scale.get("create"), scale.pathOf("create"), CREATE_KEYS, Map.of(), scale.problems());
    if (c == null) {
      return null;
    }
    int before = c.problems().count();
    if (c.has("hook") == c.has("timestamps")) {
      c.problems().add(c.path(), "must have exactly one of 'hook' or 'timestamps'");
      return null;
    }
    if (c.has("timestamps")) {
      for (String k : List.of("every", "concurrency")) {
        c.forbid(k, "only applies to a hook");
      }
      Path file = c.existingFile("timestamps", planFiles);
      if (file == null || c.problems().count() > before) {
        return null;
      }
      Map<String, Long> created = timestamps(c, file, models, planFiles.readsBack());
      return created == null ? null : new Scale.Create(null, Duration.ZERO, 1, created);
    }
    List<String> hook = command(c, "hook");
    Duration every = c.duration("every", false);
    Integer concurrency = c.wholeNumber("concurrency", 1);
    if (concurrency != null && concurrency > MAX_HOOK_CONCURRENCY) {
      // each command running holds one of the coordinator's worker threads
      c.problem(
          "concurrency",
          "must be at most " + MAX_HOOK_CONCURRENCY + " commands at once, was " + concurrency);
    }
    if (c.problems().count() > before) {
      return null;
    }
    return new Scale.Create(
        hook,
        Objects.requireNonNullElse(every, Duration.ZERO),
        Objects.requireNonNullElse(concurrency, 4),
        null);
  }

  /**
   * A command at {@code key}: a non-empty list of words (the program, then its arguments), else
   * reported. Also a capacity search's memory hook.
   */
  static List<String> command(Fields f, String key) {
    List<com.fasterxml.jackson.databind.JsonNode> words = f.list(key);
    List<String> command = new ArrayList<>();
    if (words == null) {
      return command;
    }
    if (words.isEmpty()) {
      f.problem(key, "must name a command, was []");
    }
    for (int i = 0; i < words.size(); i++) {
      if (!words.get(i).isValueNode() || words.get(i).asText().isEmpty()) {
        f.problems()
            .add(
                PlanPath.index(f.pathOf(key), i),
                "must be a word of the command, was " + words.get(i));
      } else {
        command.add(words.get(i).asText());
      }
    }
    return command;
  }

  private static Map<String, Long> timestamps(
      Fields c, Path file, List<Model> models, boolean readBack) {
    if (models == null) {
      return Map.of(); // the models have problems of their own
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      if (readBack) {
        return Map.of(); // a run read back: its results kept the times
      }
      c.problem("timestamps", "cannot be read (" + e.getClass().getSimpleName() + ")");
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    models.forEach(m -> names.add(m.name()));
    Map<String, Long> created = new HashMap<>();
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split(",");
      Long us = cols.length < 2 ? null : epochUs(cols[1].strip());
      if (us == null) {
        if (i > 0 || created.size() > 0) {
          bad.add("line " + (i + 1) + ": is no <model>,<creation time>");
        }
        continue; // a header line
      }
      String model = cols[0].strip();
      if (!names.contains(model)) {
        bad.add("line " + (i + 1) + ": names a model that is not in the plan's models");
      } else {
        created.put(model, us);
      }
    }
    List<String> missing = names.stream().filter(n -> !created.containsKey(n)).toList();
    if (!missing.isEmpty()) {
      bad.add(
          missing.size()
              + " model(s) without a creation time, e.g. "
              + String.join(", ", missing.subList(0, Math.min(5, missing.size()))));
    }
    if (!bad.isEmpty()) {
      c.problem(
          "timestamps",
          file.getFileName()
              + " must give each model of the plan a creation time (<model>,<ISO-8601 instant or"
              + " epoch seconds>): "
              + String.join("; ", bad.subList(0, Math.min(5, bad.size())))
              + (bad.size() > 5 ? "; and " + (bad.size() - 5) + " more" : ""));
      return null;
    }
    return created;
  }

  private static Long epochUs(String text) {
    try {
      Instant t = Instant.parse(text);
      return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    } catch (DateTimeParseException e) {
      try {
        double seconds = Double.parseDouble(text);
        return Double.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1e6) : null;
      } catch (NumberFormatException n) {
        return null;
      }
    }
  }
}
