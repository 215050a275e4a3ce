package io.broadside.agent.load;

import io.broadside.common.plan.Arrival;
import java.util.Random;

/**
 * The one global sequence of open-loop arrival offsets (nanoseconds from the run's start) for a
 * seed: constant gaps of 1/rate, or exponential gaps (Poisson). Every agent and lane generates the
 * same sequence and takes its own slice of indices, so the merged schedule equals the one-machine
 * schedule. Not thread-safe.
 */
public final class ArrivalSchedule {
  private static final long IDLE_STEP_NANOS = 1_000_000;
  private final StageTimeline timeline;
  private final Arrival arrival;
  private final Random random;
  private final int slices;
  private final int slice;
  private long index = -1;
  private double t;
  private boolean started;

  /**
   * @param slices how many takers share the sequence
   * @param slice which of them this is: it gets arrivals {@code i} with {@code i % slices == slice}
   */
  public ArrivalSchedule(
      StageTimeline timeline, Arrival arrival, long seed, int slices, int slice) {
    this.timeline = timeline;
    this.arrival = arrival;
    this.random = new Random(seed);
    this.slices = slices;
    this.slice = slice;
  }

  /** The next arrival offset of this slice, or -1 when the run's arrivals are exhausted. */
  public long next() {
    while (true) {
      long offset = nextGlobal();
      if (offset < 0) {
        return -1;
      }
      if (index % slices == slice) {
        return offset;
      }
    }
  }

  private long nextGlobal() {
    while (true) {
      if (started) {
        double rate = timeline.levelAt((long) t);
        if (rate <= 0) {
          t += IDLE_STEP_NANOS;
          if (t >= timeline.totalNanos()) {
            return -1;
          }
          continue;
        }
        double gapNanos = 1e9 / rate;
        if (arrival == Arrival.POISSON) {
          gapNanos *= -Math.log(1 - random.nextDouble());
        }
        t += gapNanos;
      } else {
        started = true;
        double rate = timeline.levelAt(0);
        if (arrival == Arrival.POISSON || rate <= 0) {
          continue;
        }
      }
      if (t >= timeline.totalNanos()) {
        return -1;
      }
      index++;
      return (long) t;
    }
  }
}
