package io.broadside.common.summary;

import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.plan.Cost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes {@link Summary} from a {@link RunAggregate}. Pure; does not modify the aggregate. */
public final class SummaryCalculator {
  public static final String ALL_MODELS = "*";

  private SummaryCalculator() {}

  /**
   * @param stages stage names in plan order
   * @param models model names in plan order
   * @param cost nullable
   */
  public static Summary summarize(
      String runId,
      String status,
      List<String> stages,
      List<String> models,
      RunAggregate aggregate,
      Cost cost) {
    List<Summary.Stage> out = new ArrayList<>();
    for (String stage : stages) {
      List<Summary.Row> rows = new ArrayList<>();
      CellAggregate all = new CellAggregate();
      for (String model : models) {
        CellAggregate cell = aggregate.cellOrNull(stage, model);
        CellAggregate used = cell == null ? new CellAggregate() : cell;
        rows.add(row(model, used, cost));
        all.addAll(used);
      }
      out.add(new Summary.Stage(stage, rows, row(ALL_MODELS, all, cost)));
    }
    return new Summary(runId, status, out, null, null, null, null, null, null);
  }

  static Summary.Row row(String model, CellAggregate cell, Cost cost) {
    Map<String, Long> errors = new LinkedHashMap<>();
    cell.counters.forEach(
        (name, n) -> {
          if (name.startsWith(Counter.ERROR_PREFIX)) {
            errors.put(name.substring(Counter.ERROR_PREFIX.length()), n);
          }
        });
    Map<String, LatencyStats> latency = new LinkedHashMap<>();
    for (LatencyMetric m : LatencyMetric.values()) {
      long[] csm = cell.countSumMax.get(m);
      latency.put(
          m.key(),
          csm == null
              ? LatencyStats.EMPTY
              : LatencyStats.of(cell.histograms.get(m), csm[0], csm[1], csm[2]));
    }
    double window = cell.windowSeconds();
    long ok = cell.counter(Counter.OK);
    long outTokens = cell.counter(Counter.OUTPUT_TOKENS);
    long promptTokens = cell.counter(Counter.PROMPT_TOKENS);
    double tokensPerS = rate(outTokens, window);
    Summary.CostFigures costFigures =
        cost == null
            ? null
            : new Summary.CostFigures(
                CostModel.usdPerMillionTokens(cost.usdPerHour(), tokensPerS),
                CostModel.minutesPerMillionTokens(tokensPerS));
    return new Summary.Row(
        model,
        new Summary.Requests(ok, cell.counter(Counter.FAILED), cell.counter(Counter.DROPPED)),
        errors,
        latency,
        new Summary.Throughput(
            rate(ok, window), tokensPerS, rate(outTokens + promptTokens, window)),
        rate(cell.counter(Counter.GOODPUT), window),
        costFigures,
        tokenSource(cell),
        outTokens,
        promptTokens,
        window);
  }

  private static double rate(long n, double seconds) {
    return seconds > 0 ? n / seconds : 0;
  }

  private static String tokenSource(CellAggregate cell) {
    boolean server = cell.counter(Counter.TOKENS_FROM_SERVER) > 0;
    boolean chunks = cell.counter(Counter.TOKENS_FROM_CHUNKS) > 0;
    return server && chunks ? "mixed" : server ? "server" : chunks ? "chunks" : "none";
  }
}
