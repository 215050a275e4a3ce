package io.broadside.coordinator.access;

import java.util.Locale;
import java.util.Optional;

/** What a token may do; each role may do what the ones before it may. */
public enum Role {
  /** Reads: runs, summaries, reports, agents, metrics, comparisons by GET. */
  VIEWER,
  /** Also launches, stops, compares and uploads runs. */
  OPERATOR,
  /** Also deletes runs and launches plans that run commands (hooks). */
  ADMIN;

  public boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> of(String wire) {
    for (Role r : values()) {
      if (r.wire().equals(wire)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
