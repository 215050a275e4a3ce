package io.broadside.coordinator.run;

import java.util.Locale;

/** A run's lifecycle state; {@link #wire()} is the REST and run.json spelling. */
public enum RunStatus {
  PENDING,
  PREPARING,
  RUNNING,
  COMPLETED,
  STOPPED,
  FAILED,
  /** The coordinator stopped mid-run; read back from the run directory after a restart. */
  INTERRUPTED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean ended() {
    return this == COMPLETED || this == STOPPED || this == FAILED || this == INTERRUPTED;
  }
}
