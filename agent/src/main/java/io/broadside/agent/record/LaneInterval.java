package io.broadside.agent.record;

import io.broadside.common.metric.LatencyMetric;
import java.util.List;
import org.HdrHistogram.Histogram;

/** One lane's interval: non-empty series, non-zero counter deltas, and measured windows so far. */
public record LaneInterval(
    List<Series> series, List<Count> counts, List<Window> windows, long loopDelayMaxUs) {

  /** An interval histogram (microseconds) with its exact sum and max. */
  public record Series(
      String stage,
      String model,
      LatencyMetric metric,
      Histogram histogram,
      long sumUs,
      long maxUs) {}

  public record Count(String stage, String model, String name, long delta) {}

  public record Window(String stage, String model, long firstDispatchUs, long lastCompletionUs) {}
}
