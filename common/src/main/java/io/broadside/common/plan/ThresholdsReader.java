package io.broadside.common.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code $.thresholds}: keys {@code errorRate} (a percentage up to 100%) or {@code
 * <metric>.<stat>} (a positive duration), kept in the order written. Absent: {@link
 * Thresholds#NONE}.
 */
final class ThresholdsReader {
  /** Every key a threshold may have, for suggestions. */
  static final Set<String> VALID_KEYS = validKeys();

  private ThresholdsReader() {}

  /** The thresholds, or null if any has a problem (reported). */
  static Thresholds read(Fields plan) {
    return read(plan, "thresholds");
  }

  /** Gates under {@code key} of {@code parent} (a saturation search's limits), NONE if absent. */
  static Thresholds read(Fields parent, String field) {
    if (!parent.has(field)) {
      return Thresholds.NONE;
    }
    Fields thresholds = Fields.anyKeys(parent.get(field), parent.pathOf(field), parent.problems());
    if (thresholds == null) {
      return null;
    }
    int before = thresholds.problems().count();
    List<Threshold> gates = new ArrayList<>();
    for (String key : thresholds.keysPresent()) {
      Threshold gate = gate(thresholds, key);
      if (gate != null) {
        gates.add(gate);
      }
    }
    return thresholds.problems().count() > before ? null : new Thresholds(gates);
  }

  private static Threshold gate(Fields thresholds, String key) {
    if (!thresholds.has(key)) {
      thresholds.problem(key, "must have a limit such as 800ms or 1%, was null");
      return null;
    }
    if (key.equals(Threshold.ERROR_RATE)) {
      Double fraction = thresholds.percent(key);
      if (fraction != null && fraction > 1) {
        thresholds.problem(key, "must be at most 100%, was '" + thresholds.get(key).asText() + "'");
        return null;
      }
      return fraction == null
          ? null
          : new Threshold(key, key, null, fraction, text(thresholds, key));
    }
    int dot = key.indexOf('.');
    if (dot < 0 || !VALID_KEYS.contains(key)) {
      thresholds.problem(key, unknown(key));
      return null;
    }
    Duration limit = thresholds.duration(key, true);
    if (limit == null) {
      return null;
    }
    return new Threshold(
        key,
        key.substring(0, dot),
        key.substring(dot + 1),
        limit.toNanos() / 1e9,
        text(thresholds, key));
  }

  private static String text(Fields thresholds, String key) {
    return thresholds.get(key).asText();
  }

  private static String unknown(String key) {
    String form =
        "; a threshold is errorRate or <metric>.<stat> with metric one of "
            + String.join(", ", Threshold.LATENCY_METRICS)
            + " and stat one of "
            + String.join(", ", Threshold.STATS);
    return "unknown threshold '" + key + "'" + Suggestions.didYouMean(key, VALID_KEYS, form);
  }

  private static Set<String> validKeys() {
    Set<String> keys = new LinkedHashSet<>();
    keys.add(Threshold.ERROR_RATE);
    for (String metric : Threshold.LATENCY_METRICS) {
      for (String stat : Threshold.STATS) {
        keys.add(metric + "." + stat);
      }
    }
    return Collections.unmodifiableSet(keys);
  }
}
