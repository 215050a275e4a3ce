package io.broadside.coordinator.compare;

/** Input that cannot be compared (a missing run, runs of different stages or models), in words. */
public final class CompareException extends Exception {
  public CompareException(String message) {
    super(message);
  }
}
