package io.broadside.common.time;

/**
 * A monotonic clock in Unix epoch microseconds: anchored once to the wall clock, then advanced by
 * {@link System#nanoTime()}, so intervals measured with it never jump. Thread-safe.
 */
public final class MonoClock {
  private static final long ANCHOR_NANOS = System.nanoTime();
  private static final long ANCHOR_EPOCH_US = System.currentTimeMillis() * 1000;

  private MonoClock() {}

  public static long nowUs() {
    return toEpochUs(System.nanoTime());
  }

  /** The epoch-microsecond time of a {@link System#nanoTime()} reading. */
  public static long toEpochUs(long nanoTime) {
    return ANCHOR_EPOCH_US + (nanoTime - ANCHOR_NANOS) / 1000;
  }

  /** The {@link System#nanoTime()} reading of an epoch-microsecond time. */
  public static long toNanoTime(long epochUs) {
    return ANCHOR_NANOS + (epochUs - ANCHOR_EPOCH_US) * 1000;
  }
}
