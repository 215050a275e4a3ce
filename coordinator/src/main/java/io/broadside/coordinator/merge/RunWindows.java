package io.broadside.coordinator.merge;

import io.broadside.common.histogram.SparseCounts;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.summary.StageModel;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A run's sliding windows, one per (stage, model, metric) that has had values lately; a window that
 * has emptied is dropped, so an ended stage holds no memory. Owned by the run's context.
 */
public final class RunWindows {
  private final int ticks;
  private final Map<StageModel, Map<LatencyMetric, SlidingWindow>> windows = new HashMap<>();

  /** Windows of {@code ticks} ticks each (window length / tick interval, rounded up). */
  public RunWindows(int ticks) {
    this.ticks = Math.max(1, ticks);
  }

  public void record(String stage, String model, LatencyMetric metric, SparseCounts interval) {
    windows
        .computeIfAbsent(new StageModel(stage, model), k -> new EnumMap<>(LatencyMetric.class))
        .computeIfAbsent(metric, m -> new SlidingWindow(ticks))
        .record(interval);
  }

  /** Closes a tick of every window. */
  public void advance() {
    for (Iterator<Map<LatencyMetric, SlidingWindow>> cells = windows.values().iterator();
        cells.hasNext(); ) {
      Map<LatencyMetric, SlidingWindow> cell = cells.next();
      for (Iterator<SlidingWindow> it = cell.values().iterator(); it.hasNext(); ) {
        SlidingWindow w = it.next();
        w.advance();
        if (w.idle()) {
          it.remove();
        }
      }
      if (cell.isEmpty()) {
        cells.remove();
      }
    }
  }

  /** The window of a series, or null when it had no values within the window. */
  public SlidingWindow get(String stage, String model, LatencyMetric metric) {
    Map<LatencyMetric, SlidingWindow> cell = windows.get(new StageModel(stage, model));
    return cell == null ? null : cell.get(metric);
  }
}
