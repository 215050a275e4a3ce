package io.broadside.common.plan;

import java.time.Duration;
import java.util.List;

/**
 * A replayed arrival trace: every request's offset from the start, in nanoseconds, sorted — read
 * from a file of timestamps, or drawn from per-minute counts (each minute's requests placed
 * uniformly at random inside it, which is a Poisson process given its count; seeded). Every agent
 * derives the same sequence and keeps the arrivals dealt to it.
 *
 * @param file where it was read from
 * @param offsetsNanos the global schedule
 * @param duration the replay's length (whole minutes for counts; the last request for timestamps)
 */
public record Trace(java.nio.file.Path file, long[] offsetsNanos, Duration duration)
    implements LoadShape {
  @Override
  public <R> R match(LoadShape.Cases<R> cases) {
    return cases.trace(this);
  }

  @Override
  public List<Stage> timeline() {
    return List.of(new Stage("trace", duration, null, null, null));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Trace t
        && file.equals(t.file)
        && java.util.Arrays.equals(offsetsNanos, t.offsetsNanos)
        && duration.equals(t.duration);
  }

  @Override
  public int hashCode() {
    return file.hashCode() * 31 + java.util.Arrays.hashCode(offsetsNanos);
  }

  @Override
  public String toString() {
    return "Trace[" + file + ", " + offsetsNanos.length + " requests over " + duration + "]";
  }
}
