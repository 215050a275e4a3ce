package io.broadside.common.summary;

import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.metric.Parts;
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
    return summarize(runId, status, stages, models, aggregate, cost, Map.of());
  }

  /**
   * @param firstByClass the first failure of each error class, by the agents' times
   */
  public static Summary summarize(
      String runId,
      String status,
      List<String> stages,
      List<String> models,
      RunAggregate aggregate,
      Cost cost,
      Map<String, Summary.FirstError> firstByClass) {
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
      out.add(
          new Summary.Stage(
              stage,
              rows,
              row(ALL_MODELS, all, cost),
              parts(aggregate, stage, Parts.SLICE, cost),
              parts(aggregate, stage, Parts.TURN, cost)));
    }
    return new Summary(
        runId, status, out, null, null, null, null, null, null, failures(out, firstByClass));
  }

  /**
   * The parts of {@code kind} of a stage, each over the stage's models: slices by name, turns by
   * index.
   */
  static List<Summary.Part> parts(RunAggregate aggregate, String stage, String kind, Cost cost) {
    Map<String, CellAggregate> byPart = new java.util.TreeMap<>(partOrder(kind));
    aggregate
        .parts()
        .forEach(
            (key, cell) -> {
              if (key.stage().equals(stage) && Parts.kind(key.part()).equals(kind)) {
                byPart
                    .computeIfAbsent(Parts.value(key.part()), k -> new CellAggregate())
                    .addAll(cell);
              }
            });
    List<Summary.Part> out = new ArrayList<>();
    byPart.forEach((name, cell) -> out.add(new Summary.Part(name, row(ALL_MODELS, cell, cost))));
    return out;
  }

  private static java.util.Comparator<String> partOrder(String kind) {
    return kind.equals(Parts.TURN)
        ? java.util.Comparator.comparingInt(Integer::parseInt)
        : java.util.Comparator.naturalOrder();
  }

  /** Each error class over the stages, most frequent first, with its first failure. */
  static List<Summary.Failure> failures(
      List<Summary.Stage> stages, Map<String, Summary.FirstError> firstByClass) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Summary.Stage stage : stages) {
      stage.all().errors().forEach((errorClass, n) -> counts.merge(errorClass, n, Long::sum));
    }
    List<Summary.Failure> out = new ArrayList<>();
    counts.forEach(
        (errorClass, n) -> {
          Summary.FirstError first = firstByClass.get(errorClass);
          out.add(
              first == null
                  ? new Summary.Failure(errorClass, n, null, null, null, null)
                  : new Summary.Failure(
                      errorClass, n, first.stage(), first.model(), first.detail(), first.atUs()));
        });
    out.sort(
        java.util.Comparator.comparingLong(Summary.Failure::count)
            .reversed()
            .thenComparing(Summary.Failure::errorClass));
    return out;
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
        new Summary.Requests(
            ok,
            cell.counter(Counter.FAILED),
            cell.counter(Counter.DROPPED),
            cell.counter(Counter.INTERRUPTED)),
        errors,
        latency,
        new Summary.Throughput(
            rate(ok, window), tokensPerS, rate(outTokens + promptTokens, window)),
        rate(cell.counter(Counter.GOODPUT), window),
        costFigures,
        tokenSource(cell),
        outTokens,
        promptTokens,
        window,
        cell.counter(Counter.OUT_OF_RANGE),
        cell.counter(Counter.BACKOFF),
        cell.counter(Counter.REASONING_TOKENS),
        cell.counter(Counter.CACHED_TOKENS),
        cacheHitRatio(cell));
  }

  /** Cached over reported prompt tokens; null when no server said its cached tokens. */
  public static Double cacheHitRatio(CellAggregate cell) {
    long base = cell.counter(Counter.CACHE_REPORTED_PROMPT_TOKENS);
    return base > 0 ? (double) cell.counter(Counter.CACHED_TOKENS) / base : null;
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
