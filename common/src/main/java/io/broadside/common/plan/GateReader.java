package io.broadside.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.unit.Percent;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code $.gate}: {@code baseline} (a run directory relative to the plan's folder, or a run
 * id), {@code threshold} (a percentage, 5% by default) and {@code metrics} ({@code <metric>:
 * <allowed change>}, e.g. {@code tpot.p99: 5%}, {@code throughput: -5%}; a sign, if written, must
 * be the metric's worse direction: + for latency, − for throughput). Absent: null.
 */
final class GateReader {
  static final Set<String> KEYS = Fields.keys("baseline", "threshold", "metrics");

  private GateReader() {}

  /** The gate, null when absent or when it has a problem (reported). */
  static Gate read(Fields plan, PlanFiles planFiles) {
    Fields gate = plan.object("gate", KEYS, Map.of());
    if (gate == null) {
      return null;
    }
    int before = gate.problems().count();
    String baseline = gate.required("baseline", gate::text);
    Double threshold = gate.percent("threshold");
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (gate.has("metrics")) {
      Fields m = Fields.anyKeys(gate.get("metrics"), gate.pathOf("metrics"), gate.problems());
      if (m != null) {
        for (String key : m.keysPresent()) {
          Double limit = limit(m, key);
          if (limit != null) {
            metrics.put(key, limit);
          }
        }
      }
    }
    if (gate.problems().count() > before) {
      return null;
    }
    return new Gate(
        Objects.requireNonNull(baseline),
        directory(planFiles, baseline),
        Objects.requireNonNullElse(threshold, Gate.DEFAULT_THRESHOLD),
        metrics);
  }

  /** The allowed change of one metric as a magnitude, or null (reported). */
  private static Double limit(Fields metrics, String key) {
    if (!Gate.METRICS.contains(key)) {
      String hint =
          Suggestions.didYouMean(
              key,
              Gate.METRICS,
              "; a gate metric is throughput, requestsPerS or <metric>.<stat> such as tpot.p99");
      metrics.problem(key, "unknown metric '" + key + "'" + hint);
      return null;
    }
    JsonNode value = metrics.get(key);
    if (value == null || !value.isValueNode()) {
      metrics.problem(key, "must be an allowed change such as 5%, was " + Fields.quote(value));
      return null;
    }
    String text = value.asText().strip();
    char sign = text.isEmpty() ? ' ' : text.charAt(0);
    String magnitude = sign == '+' || sign == '-' ? text.substring(1) : text;
    double fraction;
    try {
      fraction = Percent.parse(magnitude);
    } catch (IllegalArgumentException e) {
      metrics.problem(key, "must be an allowed change such as 5%, was '" + text + "'");
      return null;
    }
    boolean higherIsWorse = Gate.higherIsWorse(key);
    if (sign == '-' && higherIsWorse) {
      metrics.problem(
          key,
          "a latency gets worse as it grows: write the allowed rise, e.g. "
              + magnitude
              + ", was '"
              + text
              + "'");
      return null;
    }
    if (sign == '+' && !higherIsWorse) {
      metrics.problem(
          key,
          "throughput gets worse as it falls: write the allowed fall, e.g. -"
              + magnitude
              + ", was '"
              + text
              + "'");
      return null;
    }
    return fraction;
  }

  private static Path directory(PlanFiles planFiles, String baseline) {
    // a baseline run's folder, beside the plan (broadside run): a gate compares summaries and
    // shows no file; a plan sent to a coordinator names a run id instead
    Path folder = planFiles.folder();
    if (folder == null) {
      return null;
    }
    try {
      Path dir = folder.resolve(baseline).normalize();
      return Files.isDirectory(dir) ? dir.toAbsolutePath() : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
