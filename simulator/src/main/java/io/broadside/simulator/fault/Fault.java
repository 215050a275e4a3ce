package io.broadside.simulator.fault;

/** The fault drawn for one request ({@link io.broadside.simulator.config.Faults}). */
public enum Fault {
  NONE,
  /** The family's error answer at once. */
  ERROR,
  /** A stream's second token event (or a unary body) that does not parse. */
  MALFORMED,
  /**
   * The connection (HTTP/2: the stream) closed after the first token, or instead of a unary answer.
   */
  DROP,
  /** The family's overload or throttling answer at once. */
  THROTTLE
}
