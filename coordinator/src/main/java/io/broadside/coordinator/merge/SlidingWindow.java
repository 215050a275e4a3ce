package io.broadside.coordinator.merge;

import io.broadside.common.histogram.SparseCounts;

/**
 * The exact merge of the last N ticks of one series: the window's recorded buckets, to which each
 * closing tick is added while the one that falls out is subtracted, so a quantile over the window
 * is exact (HdrHistogram's own answer for the same counts) and costs a step per recorded bucket.
 * The tick in progress sums the agents' intervals with one hash probe per bucket. Every part holds
 * only recorded buckets: a few KiB, not a 189 KB histogram. Not thread-safe.
 */
public final class SlidingWindow {
  private final SparseCounts[] ticks;
  private final SparseCounts.Accumulator current = new SparseCounts.Accumulator();
  private SparseCounts window = SparseCounts.empty();
  private int position;

  public SlidingWindow(int ticks) {
    if (ticks < 1) {
      throw new IllegalArgumentException("a window holds at least one tick, was " + ticks);
    }
    this.ticks = new SparseCounts[ticks];
  }

  /** Adds an interval's buckets to the tick in progress. */
  public void record(SparseCounts interval) {
    current.add(interval);
  }

  /** Closes the tick in progress: it enters the window and the oldest tick leaves it. */
  public void advance() {
    SparseCounts leaving = ticks[position] == null ? SparseCounts.empty() : ticks[position];
    SparseCounts entering = current.take();
    if (leaving.size() > 0 || entering.size() > 0) {
      window = window.plusMinus(entering, leaving);
    }
    ticks[position] = entering.size() == 0 ? null : entering;
    position = (position + 1) % ticks.length;
  }

  /** Whether nothing is in the window nor in the tick in progress. */
  public boolean idle() {
    if (!current.isEmpty() || window.totalCount() > 0) {
      return false;
    }
    for (SparseCounts t : ticks) {
      if (t != null) {
        return false;
      }
    }
    return true;
  }

  public long count() {
    return window.totalCount();
  }

  /** The quantile (0–1) over the window in seconds; NaN when the window is empty. */
  public double quantileSeconds(double q) {
    return window.totalCount() == 0 ? Double.NaN : window.valueAtPercentile(q * 100) / 1e6;
  }
}
