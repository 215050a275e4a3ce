package io.broadside.common.summary;

import io.broadside.common.plan.Rounds;
import java.util.ArrayList;
import java.util.List;

/** Each model's figures in the concurrent round against its own round alone. */
public final class RoundsComparison {
  private RoundsComparison() {}

  public static List<Summary.ModelRound> compare(Rounds rounds, Summary summary) {
    List<Summary.ModelRound> out = new ArrayList<>();
    for (String model : rounds.models()) {
      Summary.RoundFigures concurrent = figures(row(summary, Rounds.CONCURRENT, model));
      Summary.RoundFigures alone = figures(row(summary, Rounds.ALONE + model, model));
      out.add(new Summary.ModelRound(model, concurrent, alone, change(concurrent, alone)));
    }
    return out;
  }

  private static Summary.Row row(Summary summary, String stage, String model) {
    for (Summary.Stage s : summary.stages()) {
      if (s.name().equals(stage)) {
        for (Summary.Row r : s.models()) {
          if (r.model().equals(model)) {
            return r;
          }
        }
      }
    }
    return null;
  }

  private static Summary.RoundFigures figures(Summary.Row row) {
    if (row == null || row.requests().ok() == 0) {
      return null;
    }
    return new Summary.RoundFigures(
        p50(row, "ttft"), p50(row, "tpot"), p50(row, "e2e"), row.throughput().outputTokensPerS());
  }

  private static Double p50(Summary.Row row, String metric) {
    LatencyStats stats = row.latency().get(metric);
    return stats == null ? null : stats.stat("p50");
  }

  private static Summary.RoundFigures change(Summary.RoundFigures c, Summary.RoundFigures a) {
    if (c == null || a == null) {
      return null;
    }
    return new Summary.RoundFigures(
        ratio(c.ttftP50(), a.ttftP50()),
        ratio(c.tpotP50(), a.tpotP50()),
        ratio(c.e2eP50(), a.e2eP50()),
        ratio(c.outputTokensPerS(), a.outputTokensPerS()));
  }

  private static Double ratio(Double concurrent, Double alone) {
    return concurrent == null || alone == null || alone == 0 ? null : concurrent / alone - 1;
  }
}
