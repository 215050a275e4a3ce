package io.broadside.agent.load;

import io.broadside.common.plan.Stage;
import java.util.List;

/**
 * Where a run is at an offset from its start: the stage, and the level (users or rate per second)
 * with linear ramps from the previous stage's level (the first stage ramps from 0). Pure.
 */
public final class StageTimeline {
  private final List<Stage> stages;
  private final long[] startNanos;
  private final long totalNanos;

  public StageTimeline(List<Stage> stages) {
    this.stages = List.copyOf(stages);
    this.startNanos = new long[stages.size()];
    long t = 0;
    for (int i = 0; i < stages.size(); i++) {
      startNanos[i] = t;
      t += stages.get(i).duration().toNanos();
    }
    this.totalNanos = t;
  }

  public long totalNanos() {
    return totalNanos;
  }

  public List<Stage> stages() {
    return stages;
  }

  /** The stage index at an offset, or -1 before 0 or from the end on. */
  public int stageAt(long offsetNanos) {
    if (offsetNanos < 0 || offsetNanos >= totalNanos) {
      return -1;
    }
    for (int i = stages.size() - 1; i >= 0; i--) {
      if (offsetNanos >= startNanos[i]) {
        return i;
      }
    }
    return -1;
  }

  public long stageStartNanos(int stage) {
    return startNanos[stage];
  }

  /** Users (closed) or arrivals per second (open) at an offset; 0 outside the run. */
  public double levelAt(long offsetNanos) {
    int i = stageAt(offsetNanos);
    if (i < 0) {
      return 0;
    }
    Stage s = stages.get(i);
    double level = level(s);
    if (s.ramp() == null || s.ramp().isZero()) {
      return level;
    }
    double previous = i == 0 ? 0 : level(stages.get(i - 1));
    double into = (offsetNanos - startNanos[i]) / (double) s.ramp().toNanos();
    return into >= 1 ? level : previous + (level - previous) * into;
  }

  private static double level(Stage s) {
    return s.users() != null ? s.users() : s.rate() != null ? s.rate().perSecond() : 0;
  }
}
