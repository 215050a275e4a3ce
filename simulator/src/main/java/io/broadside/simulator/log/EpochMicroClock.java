package io.broadside.simulator.log;

/**
 * Microseconds since the epoch that never go backwards: the wall clock read once at creation plus
 * the monotonic time elapsed since ({@code System.nanoTime()}), so intervals are exact and NTP
 * steps do not show. Immutable and thread-safe.
 */
public final class EpochMicroClock {
  private final long epochMicrosAtStart;
  private final long nanoAtStart;

  private EpochMicroClock(long epochMicrosAtStart, long nanoAtStart) {
    this.epochMicrosAtStart = epochMicrosAtStart;
    this.nanoAtStart = nanoAtStart;
  }

  /** Anchors a clock on the system clock now. */
  public static EpochMicroClock start() {
    java.time.Instant now = java.time.Instant.now();
    long nanos = System.nanoTime();
    return new EpochMicroClock(now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000, nanos);
  }

  /** The current time in epoch microseconds. */
  public long nowMicros() {
    return toMicros(System.nanoTime());
  }

  /** Converts a {@code System.nanoTime()} reading to epoch microseconds on this clock. */
  public long toMicros(long nanoTime) {
    return epochMicrosAtStart + (nanoTime - nanoAtStart) / 1_000;
  }
}
