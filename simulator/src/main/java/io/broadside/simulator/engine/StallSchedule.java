package io.broadside.simulator.engine;

import io.broadside.simulator.config.Stall;
import java.util.Comparator;
import java.util.List;

/**
 * The windows during which the GPU runs no steps. The windows are relative to the first arrival
 * until {@link #anchor} fixes them on the engine's timeline; before that no time is stalled.
 */
final class StallSchedule {
  private final List<Stall> stalls;
  private long[] starts = new long[0];
  private long[] ends = new long[0];
  private boolean anchored;

  StallSchedule(List<Stall> stalls) {
    this.stalls = stalls.stream().sorted(Comparator.comparing(Stall::after)).toList();
  }

  /** Fixes the windows relative to the first arrival; later calls do nothing. */
  void anchor(long firstArrivalNanos) {
    if (anchored) {
      return;
    }
    anchored = true;
    starts = new long[stalls.size()];
    ends = new long[stalls.size()];
    for (int i = 0; i < stalls.size(); i++) {
      starts[i] = firstArrivalNanos + stalls.get(i).after().toNanos();
      ends[i] = starts[i] + stalls.get(i).duration().toNanos();
    }
  }

  /**
   * Returns when work of {@code workNanos} that may start at {@code startNanos} completes, counting
   * only time outside the stall windows: work cannot start inside a window and pauses for any
   * window that begins while it runs. {@code finish(t, 0)} is the first runnable time at or after
   * {@code t}.
   */
  long finish(long startNanos, long workNanos) {
    long t = startNanos;
    long remaining = workNanos;
    for (int i = 0; i < starts.length; i++) {
      if (ends[i] <= t) {
        continue;
      }
      if (starts[i] <= t) {
        t = ends[i];
      } else if (t + remaining <= starts[i]) {
        break;
      } else {
        remaining -= starts[i] - t;
        t = ends[i];
      }
    }
    return t + remaining;
  }
}
