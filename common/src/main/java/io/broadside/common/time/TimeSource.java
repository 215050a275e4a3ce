package io.broadside.common.time;

/**
 * Now, in Unix epoch microseconds, for the classes that decide by time. Production reads {@link
 * MonoClock}; tests drive a virtual clock.
 */
@FunctionalInterface
public interface TimeSource {
  /** The monotonic clock every coordinator and agent reads. */
  TimeSource SYSTEM = MonoClock::nowUs;

  long nowUs();

  /** {@link #nowUs()} as an instant, for what is written in words (ISO-8601). */
  default java.time.Instant now() {
    long us = nowUs();
    return java.time.Instant.ofEpochSecond(
        Math.floorDiv(us, 1_000_000), Math.floorMod(us, 1_000_000) * 1000L);
  }
}
