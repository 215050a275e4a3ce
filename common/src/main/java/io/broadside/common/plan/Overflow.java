package io.broadside.common.plan;

/** Arrivals beyond {@code maxConcurrency}: queued keeping their intended time, or dropped. */
public enum Overflow {
  QUEUE,
  DROP
}
