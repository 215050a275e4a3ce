package io.broadside.coordinator.compare;

import java.util.List;
import java.util.Locale;

/**
 * The comparison of a current run with a baseline run.
 *
 * @param baseline the baseline run's id
 * @param current the current run's id
 * @param alpha the significance level of the test
 * @param changes one per stage, model (and all models, {@code *}, when there are several) and
 *     metric, in the baseline's stage and model order
 */
public record Comparison(String baseline, String current, double alpha, List<Change> changes) {
  /** How the Mann-Whitney test is applied, for reports. */
  public static final String TEST =
      "one-sided Mann-Whitney U of the current run's per-interval values against the baseline's"
          + " moved by the limit";

  public Comparison {
    changes = List.copyOf(changes);
  }

  /**
   * A change's verdict; {@code NOT_JUDGED} when a run has too few per-interval values for the test
   * ever to reach the significance level (or no value at all): never read as the same.
   */
  public enum Verdict {
    IMPROVED,
    SAME,
    REGRESSED,
    NOT_JUDGED;

    public String wire() {
      return this == NOT_JUDGED ? "not judged" : name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One metric of one row.
   *
   * @param baseline the baseline's value from summary.json (seconds, or per second), null if none
   * @param current the current run's value, null if none
   * @param change {@code current / baseline − 1}; null when either value is missing or the baseline
   *     is 0
   * @param limit the change allowed in the worse direction, a magnitude (0.05 for 5%)
   * @param pValue the p-value of the test in the direction of the change (see {@link Comparer});
   *     null when either run has fewer than 2 intervals of the metric
   * @param baselineIntervals how many per-interval values of the baseline were tested
   * @param currentIntervals the same for the current run
   * @param higherIsWorse true for latencies, false for throughput
   */
  public record Change(
      String stage,
      String model,
      String metric,
      Double baseline,
      Double current,
      Double change,
      double limit,
      Double pValue,
      int baselineIntervals,
      int currentIntervals,
      boolean higherIsWorse,
      Verdict verdict) {}

  public List<Change> regressions() {
    return changes.stream().filter(c -> c.verdict() == Verdict.REGRESSED).toList();
  }

  public List<Change> improvements() {
    return changes.stream().filter(c -> c.verdict() == Verdict.IMPROVED).toList();
  }

  public List<Change> notJudged() {
    return changes.stream().filter(c -> c.verdict() == Verdict.NOT_JUDGED).toList();
  }
}
