package io.broadside.common.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A regression gate: after the run, its results are compared with a baseline run's, and a
 * regression beyond a limit makes the exit code 1 (as {@code broadside compare} does).
 *
 * @param baseline the baseline as written: a run directory (relative to the plan's folder) or the
 *     id of a run in the same results folder
 * @param baselineDir the directory {@code baseline} names when it is one that exists, else null
 *     (then it is a run id, looked up when the run ends)
 * @param threshold the relative change allowed in the worse direction for every metric compared
 *     without a limit of its own (0.05 for 5%)
 * @param metrics the metrics compared, each with its allowed change as a magnitude (a fraction), in
 *     the order written; empty: {@link #DEFAULT_METRICS} at {@code threshold}
 */
public record Gate(
    String baseline, Path baselineDir, double threshold, Map<String, Double> metrics) {
  /** The threshold when a gate or {@code compare} gives none: 5%. */
  public static final double DEFAULT_THRESHOLD = 0.05;

  /** Output tokens/s (requests/s when a run generated no tokens); lower is worse. */
  public static final String THROUGHPUT = "throughput";

  /** Completed requests/s; lower is worse. */
  public static final String REQUESTS_PER_S = "requestsPerS";

  /** What is compared when nothing is named: medians and p99 of TTFT, TPOT, e2e, throughput. */
  public static final List<String> DEFAULT_METRICS =
      List.of("ttft.p50", "ttft.p99", "tpot.p50", "tpot.p99", "e2e.p50", "e2e.p99", THROUGHPUT);

  /** Every metric a comparison can name: {@code <latency>.<stat>} and the two throughputs. */
  public static final Set<String> METRICS = allMetrics();

  public Gate {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** Whether a higher value of {@code metric} is worse (latency), else lower is (throughput). */
  public static boolean higherIsWorse(String metric) {
    return !metric.equals(THROUGHPUT) && !metric.equals(REQUESTS_PER_S);
  }

  /** The metrics compared with the allowed change of each. */
  public Map<String, Double> limits() {
    if (!metrics.isEmpty()) {
      return metrics;
    }
    Map<String, Double> limits = new LinkedHashMap<>();
    DEFAULT_METRICS.forEach(m -> limits.put(m, threshold));
    return limits;
  }

  private static Set<String> allMetrics() {
    List<String> all = new ArrayList<>();
    for (String metric : Threshold.LATENCY_METRICS) {
      for (String stat : Threshold.STATS) {
        all.add(metric + "." + stat);
      }
    }
    all.add(THROUGHPUT);
    all.add(REQUESTS_PER_S);
    return Collections.unmodifiableSet(new LinkedHashSet<>(all));
  }
}
