package io.broadside.coordinator.merge;

import java.util.List;
import java.util.Map;

/**
 * Live figures of a run over the last interval merged, for a progress line and the live events.
 *
 * @param latency per metric (ttft, tpot, itl, e2e), the p50 and p99 in seconds of the requests
 *     merged in the interval, exactly from their histograms; absent without samples
 * @param goodput requests per second in the interval that met every SLO of the plan, or null when
 *     the plan sets none
 * @param errors failed requests since the run's start
 * @param errorsByClass those by error class, most frequent first
 * @param newErrorClasses the first failure of each error class first seen since the last read
 * @param study a study's progress in a line (a scale study: models created, ready, failed), or null
 */
public record Progress(
    String status,
    double elapsedS,
    double remainingS,
    int activeUsers,
    double requestsPerS,
    double tokensPerS,
    Map<String, Quantiles> latency,
    Double goodput,
    long errors,
    Map<String, Long> errorsByClass,
    List<io.broadside.common.summary.Summary.FirstError> newErrorClasses,
    String study) {

  /** The p50 and p99 of an interval, in seconds. */
  public record Quantiles(double p50, double p99) {}

  public Progress withStudy(String line) {
    return new Progress(
        status,
        elapsedS,
        remainingS,
        activeUsers,
        requestsPerS,
        tokensPerS,
        latency,
        goodput,
        errors,
        errorsByClass,
        newErrorClasses,
        line);
  }

  /** The p50 of a metric in seconds, or null without samples. */
  public Double p50(String metric) {
    Quantiles q = latency.get(metric);
    return q == null ? null : q.p50();
  }

  /** The p99 of a metric in seconds, or null without samples. */
  public Double p99(String metric) {
    Quantiles q = latency.get(metric);
    return q == null ? null : q.p99();
  }
}
