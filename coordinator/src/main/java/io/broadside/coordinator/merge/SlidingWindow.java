package io.broadside.coordinator.merge;

import io.broadside.common.histogram.Histograms;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.PackedHistogram;

/**
 * The exact merge of the last N ticks of one series: a running histogram that adds the newest tick
 * and subtracts the one that falls out, so a quantile over the window is exact and costs one add
 * and one subtract per tick. Ticks are kept packed (a few KiB each, not 189 KB). Not thread-safe.
 */
public final class SlidingWindow {
  private final PackedHistogram[] ticks;
  private final PackedHistogram window = newPacked();
  private PackedHistogram current;
  private int position;

  public SlidingWindow(int ticks) {
    if (ticks < 1) {
      throw new IllegalArgumentException("a window holds at least one tick, was " + ticks);
    }
    this.ticks = new PackedHistogram[ticks];
  }

  /** Adds an interval's values to the tick in progress. */
  public void record(AbstractHistogram intervalUs) {
    if (current == null) {
      current = newPacked();
    }
    Histograms.addRecorded(intervalUs, current);
  }

  /** Closes the tick in progress: it enters the window and the oldest tick leaves it. */
  public void advance() {
    PackedHistogram leaving = ticks[position];
    if (leaving != null) {
      window.subtract(leaving);
    }
    if (current != null) {
      window.add(current);
    }
    ticks[position] = current;
    current = null;
    position = (position + 1) % ticks.length;
  }

  /** Whether nothing is in the window nor in the tick in progress. */
  public boolean idle() {
    if (current != null || window.getTotalCount() > 0) {
      return false;
    }
    for (PackedHistogram t : ticks) {
      if (t != null) {
        return false;
      }
    }
    return true;
  }

  public long count() {
    return window.getTotalCount();
  }

  /** The quantile (0–1) over the window in seconds; NaN when the window is empty. */
  public double quantileSeconds(double q) {
    return window.getTotalCount() == 0 ? Double.NaN : window.getValueAtPercentile(q * 100) / 1e6;
  }

  private static PackedHistogram newPacked() {
    return new PackedHistogram(Histograms.LOWEST_US, Histograms.HIGHEST_US, Histograms.DIGITS);
  }
}
