package io.broadside.common.summary;

import io.broadside.common.plan.Stage;
import io.broadside.common.plan.Sweep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds a sweep's knee. Between two consecutive levels, the gain is the relative growth of
 * throughput divided by the relative growth of the level: 1 when throughput grows in proportion, 0
 * when it does not grow at all. The knee is the first level whose gain to the next falls below
 * {@link #KNEE_GAIN}: adding load past it buys less than a fifth of the throughput it would if the
 * server still scaled. Output tokens/s are compared when the model generates tokens, else
 * requests/s.
 */
public final class SweepKnee {
  /** Below this gain throughput has stopped growing with the level. */
  public static final double KNEE_GAIN = 0.2;

  private SweepKnee() {}

  public static Summary.Sweep find(Sweep sweep, Summary summary) {
    List<Summary.Stage> rows = new ArrayList<>();
    for (Stage level : sweep.levels()) {
      summary.stages().stream()
          .filter(s -> s.name().equals(level.name()))
          .findFirst()
          .ifPresent(rows::add);
    }
    boolean tokens = rows.stream().anyMatch(r -> r.all().throughput().outputTokensPerS() > 0);
    String metric = tokens ? "outputTokensPerS" : "requestsPerS";
    List<Summary.SweepLevel> levels = new ArrayList<>();
    String knee = null;
    String verdict = null;
    for (int i = 0; i < rows.size(); i++) {
      Summary.Row all = rows.get(i).all();
      double level = Sweep.level(stage(sweep, rows.get(i).name()));
      Double gain = null;
      if (i + 1 < rows.size()) {
        double next = Sweep.level(stage(sweep, rows.get(i + 1).name()));
        double t = throughput(all, tokens);
        double tNext = throughput(rows.get(i + 1).all(), tokens);
        if (t > 0 && next != level) {
          gain = (tNext / t - 1) / (next / level - 1);
          if (knee == null && gain < KNEE_GAIN) {
            knee = rows.get(i).name();
            verdict =
                String.format(
                    Locale.ROOT,
                    "throughput stops growing at %s: %.1f %s, and %s adds %+.1f%% for %+.0f%% load",
                    knee,
                    t,
                    tokens ? "tokens/s" : "requests/s",
                    rows.get(i + 1).name(),
                    100 * (tNext / t - 1),
                    100 * (next / level - 1));
          }
        }
      }
      levels.add(
          new Summary.SweepLevel(
              rows.get(i).name(),
              level,
              all.throughput().requestsPerS(),
              all.throughput().outputTokensPerS(),
              all.goodputPerS(),
              gain));
    }
    if (knee == null) {
      verdict =
          rows.isEmpty()
              ? "no level was measured"
              : "throughput still grows at the last level ("
                  + rows.get(rows.size() - 1).name()
                  + "): no knee within the sweep";
    }
    return new Summary.Sweep(metric, levels, knee, verdict);
  }

  private static Stage stage(Sweep sweep, String name) {
    return sweep.levels().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static double throughput(Summary.Row row, boolean tokens) {
    return tokens ? row.throughput().outputTokensPerS() : row.throughput().requestsPerS();
  }
}
