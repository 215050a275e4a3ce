package io.broadside.agent.record;

import io.broadside.common.metric.LatencyMetric;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One lane's interval: non-empty series, non-zero counter deltas, measured windows so far, and the
 * lane's health (its event loop's worst delay, its thread's CPU 0..1, and the requests in flight
 * when a stall of its loop ended).
 */
public record LaneInterval(
    List<Series> series,
    List<Count> counts,
    List<Window> windows,
    long loopDelayMaxUs,
    List<ErrorSample> errors,
    String requests,
    double loadCpu,
    long stallRequests) {

  /** The first failure of a (stage, model) on this lane: its class, detail and epoch time. */
  public record ErrorSample(
      String stage, String model, String errorClass, String detail, long atUs) {}

  /**
   * A histogram (microseconds) with its exact sum and max, of the requests intended in the interval
   * starting at {@code intendedStartUs} (epoch µs; 0 when no grid was set); {@code part} is "" for
   * the (stage, model) itself, else a part of it ({@link io.broadside.common.metric.Parts}).
   */
  public record Series(
      String stage,
      String model,
      String part,
      LatencyMetric metric,
      Histogram histogram,
      long sumUs,
      long maxUs,
      long intendedStartUs) {}

  public record Count(String stage, String model, String part, String name, long delta) {}

  public record Window(
      String stage, String model, String part, long firstDispatchUs, long lastCompletionUs) {}
}
