package io.broadside.simulator.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A pause of the simulated GPU: {@code after} the first request's arrival the engine runs no steps
 * (emits no tokens) for {@code duration}; a step in flight when the stall begins finishes {@code
 * duration} later than it would have, and arrivals during the stall wait for its end.
 *
 * @param after delay from the first request's arrival to the start of the stall, zero or more
 * @param duration length of the stall, positive
 */
public record Stall(Duration after, Duration duration) {

  /** Rejects a negative {@code after} and a non-positive {@code duration}. */
  public Stall {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(duration, "duration");
    if (after.isNegative()) {
      throw new IllegalArgumentException("stall 'after' must not be negative, was " + after);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("stall duration must be positive, was " + duration);
    }
  }
}
