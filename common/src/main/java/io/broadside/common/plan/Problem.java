package io.broadside.common.plan;

import java.util.Objects;

/**
 * One thing wrong with a plan.
 *
 * @param path where, as a JSON path from the plan's root: {@code $.load.stages[1].rate}, {@code
 *     $.thresholds['ttft.p99']}; {@code $} for the text as a whole
 * @param message what, quoting the bad value: {@code must be a positive rate such as 20/s, was
 *     '0/s'}
 */
public record Problem(String path, String message) {
  public Problem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** {@code path: message}, the line shown to users. */
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
