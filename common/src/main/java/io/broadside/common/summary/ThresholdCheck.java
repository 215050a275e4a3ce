package io.broadside.common.summary;

import io.broadside.common.plan.Threshold;
import io.broadside.common.plan.Thresholds;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a plan's aggregate gates against every stage's all-models row: a gate holds only if it
 * holds in every stage.
 */
public final class ThresholdCheck {
  private ThresholdCheck() {}

  /** One failed gate, in words. */
  public record Failure(String stage, String key, String limit, double actual) {
    @Override
    public String toString() {
      return "threshold " + key + " <= " + limit + " failed in stage " + stage + ": was " + actual;
    }
  }

  public static List<Failure> failures(Thresholds thresholds, Summary summary) {
    List<Failure> failures = new ArrayList<>();
    for (Summary.Stage stage : summary.stages()) {
      failures.addAll(failures(thresholds, stage));
    }
    return failures;
  }

  /** The gates that fail in one stage's all-models row. */
  public static List<Failure> failures(Thresholds thresholds, Summary.Stage stage) {
    List<Failure> failures = new ArrayList<>();
    for (Threshold gate : thresholds.gates()) {
      Double actual = actual(gate, stage.all());
      if (actual != null && actual > gate.limit()) {
        failures.add(new Failure(stage.name(), gate.key(), gate.text(), actual));
      }
    }
    return failures;
  }

  private static Double actual(Threshold gate, Summary.Row row) {
    if ("errorRate".equals(gate.metric())) {
      long total = row.requests().ok() + row.requests().failed();
      return total == 0 ? null : (double) row.requests().failed() / total;
    }
    LatencyStats stats = row.latency().get(gate.metric());
    return stats == null ? null : stats.stat(gate.stat());
  }
}
