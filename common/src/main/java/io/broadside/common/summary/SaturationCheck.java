package io.broadside.common.summary;

import io.broadside.common.plan.Saturate;
import io.broadside.common.plan.Stage;
import io.broadside.common.plan.Sweep;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a saturation search off a summary: its levels in order, the first whose all-models row
 * breaks a limit, and the one before it, the last that held. A level with no ended request yet is
 * not judged.
 */
public final class SaturationCheck {
  private SaturationCheck() {}

  /**
   * @param firstErrors the first failed request of each stage seen so far
   */
  public static Summary.Saturation evaluate(
      Saturate search, Summary summary, Map<String, Summary.FirstError> firstErrors) {
    Stage held = null;
    for (Stage level : search.steps().levels()) {
      Summary.Stage row =
          summary.stages().stream()
              .filter(s -> s.name().equals(level.name()))
              .findFirst()
              .orElse(null);
      if (row == null || row.all().requests().ok() + row.all().requests().failed() == 0) {
        break;
      }
      List<ThresholdCheck.Failure> broken = ThresholdCheck.failures(search.limits(), row);
      if (!broken.isEmpty()) {
        Summary.FirstError first = firstErrors.get(level.name());
        String verdict =
            (held == null
                    ? "even the first level, " + level.name() + ", broke"
                    : held.name() + " held; " + level.name() + " broke")
                + ": "
                + String.join(
                    ", ",
                    broken.stream()
                        .map(
                            f ->
                                String.format(
                                    Locale.ROOT,
                                    "%s was %.4g (limit %s)",
                                    f.key(),
                                    f.actual(),
                                    f.limit()))
                        .toList())
                + (first == null
                    ? ""
                    : "; first failed request: " + first.errorClass() + " " + first.detail());
        return new Summary.Saturation(
            held == null ? null : held.name(),
            held == null ? null : Sweep.level(held),
            level.name(),
            Sweep.level(level),
            broken.stream().map(ThresholdCheck.Failure::toString).toList(),
            first,
            verdict);
      }
      held = level;
    }
    return new Summary.Saturation(
        held == null ? null : held.name(),
        held == null ? null : Sweep.level(held),
        null,
        null,
        List.of(),
        null,
        held == null
            ? "no level has been measured yet"
            : "every level held, up to " + held.name() + ": the limit lies beyond the search");
  }
}
