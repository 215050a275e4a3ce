package io.broadside.simulator.hosting;

/** What {@link ModelHost#admit} decided for one request. */
public enum Admission {
  /** The model was loaded: serve now. */
  READY,
  /** The model finished loading while the request waited: serve now, log {@code coldStart}. */
  COLD,
  /** The model is not loaded and did not load in time (or cannot be): the family's "not ready". */
  NOT_READY;

  /**
   * Whether the request is to be served (and must later be {@linkplain ModelHost#release
   * released}).
   */
  public boolean served() {
    return this != NOT_READY;
  }
}
