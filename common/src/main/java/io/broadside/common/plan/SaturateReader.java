package io.broadside.common.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code $.load.saturate}: levels as a sweep's ({@code users} or {@code rate}: a list or
 * {@code {from, step | factor, max}}; {@code duration}, {@code warmup}) and {@code limits}, gates
 * as in {@code thresholds} that every level must hold.
 */
final class SaturateReader {
  static final Set<String> KEYS = Fields.keys("users", "rate", "duration", "warmup", "limits");

  /** The search's limit when the plan names none. */
  static final Thresholds DEFAULT_LIMITS =
      new Thresholds(List.of(new Threshold("errorRate", "errorRate", null, 0.01, "1%")));

  private SaturateReader() {}

  static Saturate read(Fields load, LoadMode mode) {
    Fields saturate =
        Fields.of(load.get("saturate"), load.pathOf("saturate"), KEYS, Map.of(), load.problems());
    if (saturate == null) {
      return null;
    }
    int before = saturate.problems().count();
    Sweep steps = SweepReader.levels(saturate, mode);
    Thresholds limits = ThresholdsReader.read(saturate, "limits");
    if (saturate.problems().count() > before || steps == null || limits == null) {
      return null;
    }
    return new Saturate(steps, limits.gates().isEmpty() ? DEFAULT_LIMITS : limits);
  }
}
