package io.broadside.common.plan;

import java.util.List;

/**
 * One gate, as written in the plan ({@code key} e.g. {@code ttft.p99} or {@code errorRate}).
 *
 * @param metric a latency key of the summary ({@code e2e ttft ttfc tpot itl queue service}) or
 *     {@code errorRate}
 * @param stat for latency: {@code mean p50 p90 p95 p99 p999 max}; null for errorRate
 * @param limit the upper bound: seconds for latency, a fraction (0.01 for 1%) for errorRate
 * @param text the value as written, for messages
 */
public record Threshold(String key, String metric, String stat, double limit, String text) {
  /** The key, and metric, of the error-rate gate. */
  public static final String ERROR_RATE = "errorRate";

  /** The latency metrics a gate can name, as in the summary's {@code latency} object. */
  public static final List<String> LATENCY_METRICS =
      java.util.Arrays.stream(io.broadside.common.metric.LatencyMetric.values())
          .map(io.broadside.common.metric.LatencyMetric::key)
          .toList();

  /** The statistics a latency gate can name, as in the summary's latency rows. */
  public static final List<String> STATS =
      List.of("mean", "p50", "p90", "p95", "p99", "p999", "max");
}
