package io.broadside.agent.load;

import io.broadside.common.plan.Stage;
import java.util.List;

/**
 * Where a run is at an offset from its start: the stage, and the level (users or rate per second)
 * with linear ramps from the previous stage's level (the first stage ramps from 0). A stage with
 * neither users nor rate holds the level before it, until {@link #setLevel} gives it one (the
 * coordinator's choice in an adaptive run). Not thread-safe: each lane keeps its own {@link #copy}.
 */
public final class StageTimeline {
  private final List<Stage> stages;
  private final long[] startNanos;
  private final long totalNanos;
  private final double[] levels;
  private final boolean[] set;

  /** Per stage, the models its requests spread over (the first n of the plan's); 0: all. */
  private final int[] models;

  /** A jump: from offset {@code jumpAt} on, the run is at stage {@code jumpTo}'s start. */
  private int jumpTo = -1;

  private long jumpAt;

  public StageTimeline(List<Stage> stages) {
    this.stages = List.copyOf(stages);
    this.startNanos = new long[stages.size()];
    this.levels = new double[stages.size()];
    this.set = new boolean[stages.size()];
    this.models = new int[stages.size()];
    long t = 0;
    for (int i = 0; i < stages.size(); i++) {
      startNanos[i] = t;
      t += stages.get(i).duration().toNanos();
      Stage s = stages.get(i);
      set[i] = s.users() != null || s.rate() != null;
      levels[i] = set[i] ? ownLevel(s) : i == 0 ? 0 : levels[i - 1];
    }
    this.totalNanos = t;
  }

  /** A timeline of its own, with the levels set so far. */
  public StageTimeline copy() {
    StageTimeline c = new StageTimeline(stages);
    System.arraycopy(levels, 0, c.levels, 0, levels.length);
    System.arraycopy(set, 0, c.set, 0, set.length);
    System.arraycopy(models, 0, c.models, 0, models.length);
    c.jumpTo = jumpTo;
    c.jumpAt = jumpAt;
    return c;
  }

  /**
   * From stage {@code index} on, the level is {@code level}: that stage's, and every later one's
   * that has no level of its own and none set.
   */
  public void setLevel(int index, double level) {
    if (index < 0 || index >= levels.length) {
      return;
    }
    setLevel(index, level, 0);
  }

  /**
   * As {@link #setLevel(int, double)}, the stage's requests spread over the first {@code count}
   * models of the plan's list (0: all), from that stage on until another is set.
   */
  public void setLevel(int index, double level, int count) {
    if (index < 0 || index >= levels.length) {
      return;
    }
    levels[index] = level;
    set[index] = true;
    models[index] = count;
    for (int j = index + 1; j < levels.length && !set[j]; j++) {
      levels[j] = level;
      models[j] = count;
    }
  }

  /** From offset {@code atNanos} on, the run goes on at stage {@code index}'s start. */
  public void jump(int index, long atNanos) {
    if (index >= 0 && index < stages.size()) {
      jumpTo = index;
      jumpAt = atNanos;
    }
  }

  /** The models stage {@code index} spreads over (the first n of the plan's); 0: all. */
  public int models(int index) {
    return index < 0 ? 0 : models[index];
  }

  /** Where an offset of the run falls on the plan's timeline, after a jump. */
  private long effective(long offsetNanos) {
    return jumpTo >= 0 && offsetNanos >= jumpAt
        ? startNanos[jumpTo] + (offsetNanos - jumpAt)
        : offsetNanos;
  }

  /** The whole run; shorter after a jump. */
  public long totalNanos() {
    return jumpTo >= 0 ? jumpAt + (totalNanos - startNanos[jumpTo]) : totalNanos;
  }

  public List<Stage> stages() {
    return stages;
  }

  /** The stage index at an offset, or -1 before 0 or from the end on. */
  public int stageAt(long offsetNanos) {
    offsetNanos = effective(offsetNanos);
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

  /** Users (closed) or arrivals per second (open) at an offset; 0 outside the run. */
  public double levelAt(long offsetNanos) {
    int i = stageAt(offsetNanos);
    if (i < 0) {
      return 0;
    }
    offsetNanos = effective(offsetNanos);
    Stage s = stages.get(i);
    double level = levels[i];
    if (s.ramp() == null || s.ramp().isZero()) {
      return level;
    }
    double previous = i == 0 ? 0 : levels[i - 1];
    double into = (offsetNanos - startNanos[i]) / (double) s.ramp().toNanos();
    return into >= 1 ? level : previous + (level - previous) * into;
  }

  private static double ownLevel(Stage s) {
    return s.users() != null ? s.users() : s.rate().perSecond();
  }

  /**
   * The offset at which {@code count} more arrivals are due after {@code fromNanos}: where the
   * integral of the rate from {@code fromNanos} reaches {@code count} (linear ramps integrated
   * exactly), or -1 when that is past the end of the run. Open-loop schedules are built on it, so a
   * ramp from zero yields its first arrivals early in the ramp, as the rate says.
   */
  public long advance(long fromNanos, double count) {
    double t = fromNanos / 1e9;
    double left = count;
    for (int i = 0; i < stages.size(); i++) {
      double start = startNanos[i] / 1e9;
      double end = start + stages.get(i).duration().toNanos() / 1e9;
      if (t >= end) {
        continue;
      }
      Stage s = stages.get(i);
      double level = levels[i];
      double rampEnd =
          s.ramp() == null || s.ramp().isZero()
              ? start
              : Math.min(end, start + s.ramp().toNanos() / 1e9);
      if (t < rampEnd) {
        double previous = i == 0 ? 0 : levels[i - 1];
        double slope = (level - previous) / (s.ramp().toNanos() / 1e9);
        double a = previous + slope * (Math.max(t, start) - start);
        double span = rampEnd - Math.max(t, start);
        double area = a * span + slope / 2 * span * span;
        if (left <= area) {
          return toNanos(Math.max(t, start) + solve(a, slope, left));
        }
        left -= area;
        t = rampEnd;
      }
      double area = level * (end - Math.max(t, start));
      if (left <= area && level > 0) {
        return toNanos(Math.max(t, start) + left / level);
      }
      left -= area;
      t = end;
    }
    return -1;
  }

  /** x with a·x + slope/2·x² = d (x ≥ 0). */
  private static double solve(double a, double slope, double d) {
    if (Math.abs(slope) < 1e-12) {
      return d / a;
    }
    return (-a + Math.sqrt(Math.max(0, a * a + 2 * slope * d))) / slope;
  }

  private long toNanos(double seconds) {
    long n = Math.round(seconds * 1e9);
    return n >= totalNanos ? -1 : n;
  }
}
