package io.broadside.coordinator.merge;

import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.summary.Summary;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.ErrorSample;
import io.broadside.protocol.v1.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Accumulates merged snapshots between two progress reads. */
final class LiveProgress {
  LiveProgress(long nowUs) {
    this.sinceUs = nowUs;
  }

  /** The metrics whose interval quantiles the live events carry. */
  static final List<LatencyMetric> METRICS =
      List.of(LatencyMetric.TTFT, LatencyMetric.TPOT, LatencyMetric.ITL, LatencyMetric.E2E);

  // made on first use (190 KiB each): a run read back from disk never needs one
  private final Map<LatencyMetric, Histogram> latency =
      new java.util.EnumMap<>(LatencyMetric.class);
  private final Map<String, Long> counts = new HashMap<>();
  private long sinceUs;
  private long errors;
  private final Map<String, Long> byClass = new HashMap<>();
  private final List<Summary.FirstError> newClasses = new ArrayList<>();
  private final java.util.Set<String> told = new java.util.HashSet<>();

  void add(SnapshotCodec.Decoded decoded) {
    Snapshot s = decoded.snapshot();
    for (SnapshotCodec.DecodedSeries series : decoded.series()) {
      if (METRICS.contains(series.metric())) {
        series
            .counts()
            .addTo(latency.computeIfAbsent(series.metric(), m -> Histograms.newHistogram()));
      }
    }
    for (CounterDelta c : s.getCountersList()) {
      String name = c.getName();
      if (name.equals(Counter.OK)
          || name.equals(Counter.OUTPUT_TOKENS)
          || name.equals(Counter.GOODPUT)) {
        counts.merge(name, c.getDelta(), Long::sum);
      } else if (name.equals(Counter.FAILED)) {
        errors += c.getDelta();
      } else if (name.startsWith(Counter.ERROR_PREFIX)) {
        byClass.merge(name.substring(Counter.ERROR_PREFIX.length()), c.getDelta(), Long::sum);
      }
    }
    for (ErrorSample e : s.getErrorsList()) {
      if (told.add(e.getErrorClass())) {
        newClasses.add(
            new Summary.FirstError(
                e.getStage(), e.getModel(), e.getErrorClass(), e.getDetail(), e.getAtUs()));
      }
    }
  }

  /**
   * The figures since the last take; {@code goodput}: whether the plan sets SLOs (else goodput is
   * null).
   */
  Progress take(
      String status, double elapsed, double remaining, int users, long nowUs, boolean goodput) {
    double window = Math.max(1e-3, (nowUs - sinceUs) / 1e6);
    Map<String, Progress.Quantiles> quantiles = new LinkedHashMap<>();
    for (LatencyMetric m : METRICS) {
      Histogram h = latency.get(m);
      if (h != null && h.getTotalCount() > 0) {
        // never above the exact max, as summary.json defines its percentiles
        quantiles.put(
            m.key(),
            new Progress.Quantiles(
                Math.min(h.getValueAtPercentile(50), h.getMaxValue()) / 1e6,
                Math.min(h.getValueAtPercentile(99), h.getMaxValue()) / 1e6));
        h.reset();
      }
    }
    Progress p =
        new Progress(
            status,
            elapsed,
            remaining,
            users,
            counts.getOrDefault(Counter.OK, 0L) / window,
            counts.getOrDefault(Counter.OUTPUT_TOKENS, 0L) / window,
            quantiles,
            goodput ? counts.getOrDefault(Counter.GOODPUT, 0L) / window : null,
            errors,
            mostFirst(byClass),
            List.copyOf(newClasses),
            null);
    newClasses.clear();
    counts.clear();
    sinceUs = nowUs;
    return p;
  }

  /** Lets the histogram go (the run ended). */
  void release() {
    latency.clear();
  }

  private static Map<String, Long> mostFirst(Map<String, Long> counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
