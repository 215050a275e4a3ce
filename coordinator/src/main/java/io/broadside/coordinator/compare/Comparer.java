package io.broadside.coordinator.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.histogram.HlogWriter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.plan.Gate;
import io.broadside.common.summary.SummaryCalculator;
import io.broadside.coordinator.compare.Comparison.Change;
import io.broadside.coordinator.compare.Comparison.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.PackedHistogram;

/**
 * Compares a current run with a baseline, metric by metric, in every stage and for every model (and
 * all models together when a stage has several).
 *
 * <p>The rule, for a metric with allowed change {@code L} (a magnitude, 0.05 for 5%) and
 * significance level {@code α} (0.01 by default):
 *
 * <ul>
 *   <li>the values compared are summary.json's ({@code latency.tpot.p99}, {@code
 *       throughput.outputTokensPerS}, …) and the change is {@code current / baseline − 1};
 *   <li>the noise is judged from each run's per-interval values in histograms.hlog: for a latency
 *       statistic, that statistic of each interval's histogram (every agent's lines of the interval
 *       merged), consecutive intervals taken together until they hold enough samples for the
 *       statistic to mean something ({@link #samplesPerValue}: 20 for a median, 1,000 for a p99; a
 *       remainder joins the last block); for throughput, the output tokens of each interval
 *       (token-bearing chunks, {@code ttft} + {@code itl} counts, scaled to the run's exact token
 *       count; requests when nothing was streamed) and for requests/s the requests of each
 *       interval, over the interval's length, leaving out the stage's first and last interval
 *       (partly outside the stage) when at least two others remain. Intervals are of intended send
 *       time;
 *   <li>the test is one-sided, in the direction of the change, against the baseline moved by the
 *       limit: for a rise, a Mann-Whitney U test of "the current per-interval values are larger
 *       than the baseline's × (1 + L)"; for a fall, "smaller than the baseline's × (1 − L)". Its
 *       p-value (exact with ties for up to 60 intervals in all) is the chance of values this far
 *       beyond the limit if the change were only the limit;
 *   <li><b>regressed</b> when the change is worse than {@code L} (a latency rose, a throughput
 *       fell, by more than {@code L}) and {@code p < α}; <b>improved</b> when it is better by more
 *       than {@code L} and {@code p < α}; <b>not judged</b> (too few samples) when the runs have so
 *       few per-interval values that no outcome of the test could reach {@code α} (with {@code n}
 *       and {@code m} values the smallest p is {@code 1 / C(n + m, n)}), or a run has no value of
 *       the metric; else <b>same</b>.
 * </ul>
 *
 * A difference within the noise of the intervals is never a regression however large its point
 * value, and a significant difference within the limit is the same. The exact test needs values:
 * with {@code n} on each side the smallest one-sided p is {@code 1 / C(2n, n)}, so at {@code α =
 * 0.01} each run needs at least 5 per-interval values of the metric (1/252): a stage of 5 s at 1 s
 * intervals for a median with 20 samples a second, 5,000 samples for a p99, and 7 s for throughput
 * (whose edge intervals are left out). With fewer, the metric is reported as not judged, never as
 * the same.
 */
public final class Comparer {
  /** The default significance level. */
  public static final double ALPHA = 0.01;

  private Comparer() {}

  /** The latency series a comparison of {@code metrics} reads from the logs. */
  public static Set<String> seriesNeeded(Set<String> metrics) {
    Set<String> keys = new LinkedHashSet<>(List.of("e2e", "ttft", "itl"));
    for (String m : metrics) {
      int dot = m.indexOf('.');
      if (dot > 0) {
        keys.add(m.substring(0, dot));
      }
    }
    return keys;
  }

  /** Reads both directories and compares them. Blocking. */
  public static Comparison compare(
      Path baselineDir, Path currentDir, Map<String, Double> limits, double alpha)
      throws CompareException {
    for (String m : limits.keySet()) {
      if (!Gate.METRICS.contains(m)) {
        throw new CompareException(
            "unknown metric '"
                + m
                + "'; a metric is throughput, requestsPerS or <metric>.<stat> such as tpot.p99");
      }
    }
    Set<String> series = seriesNeeded(limits.keySet());
    RunResults baseline = RunResults.read(baselineDir, series);
    RunResults current = RunResults.read(currentDir, series);
    return compare(baseline, current, limits, alpha);
  }

  /**
   * Compares two runs read with {@link RunResults#read}.
   *
   * @throws CompareException when their stages, or the models of a stage, differ
   */
  public static Comparison compare(
      RunResults baseline, RunResults current, Map<String, Double> limits, double alpha)
      throws CompareException {
    List<String> stages = names(baseline.summary().path("stages"), "name");
    List<String> currentStages = names(current.summary().path("stages"), "name");
    mismatch("stages", "", stages, currentStages);
    List<Change> changes = new ArrayList<>();
    for (String stage : stages) {
      JsonNode b = stage(baseline, stage);
      JsonNode c = stage(current, stage);
      List<String> models = names(b.path("models"), "model");
      mismatch("models", " in stage '" + stage + "'", models, names(c.path("models"), "model"));
      List<JsonNode[]> rows = new ArrayList<>();
      for (int i = 0; i < models.size(); i++) {
        rows.add(new JsonNode[] {b.path("models").get(i), row(c, models.get(i))});
      }
      if (models.size() > 1) {
        rows.add(new JsonNode[] {b.path("all"), c.path("all")});
      }
      for (JsonNode[] row : rows) {
        String model = row[0].path("model").asText(SummaryCalculator.ALL_MODELS);
        List<String> rowModels =
            model.equals(SummaryCalculator.ALL_MODELS) ? models : List.of(model);
        for (Map.Entry<String, Double> limit : limits.entrySet()) {
          changes.add(
              change(
                  stage,
                  model,
                  limit.getKey(),
                  limit.getValue(),
                  alpha,
                  new Side(baseline, row[0], rowModels),
                  new Side(current, row[1], rowModels)));
        }
      }
    }
    return new Comparison(baseline.id(), current.id(), alpha, changes);
  }

  /** One run's row: its results, its summary row and the models it covers. */
  private record Side(RunResults run, JsonNode row, List<String> models) {}

  private static Change change(
      String stage, String model, String metric, double limit, double alpha, Side b, Side c) {
    boolean tokens = !metric.equals(Gate.THROUGHPUT) || hasTokens(b.row) || hasTokens(c.row);
    Double before = value(b.row, metric, tokens);
    Double after = value(c.row, metric, tokens);
    double[] bs = perInterval(b, stage, metric, tokens);
    double[] cs = perInterval(c, stage, metric, tokens);
    Double change = before == null || after == null || before == 0 ? null : after / before - 1;
    boolean higherIsWorse = Gate.higherIsWorse(metric);
    Double p = null;
    Verdict verdict =
        before == null || after == null || smallestP(bs.length, cs.length) >= alpha
            ? Verdict.NOT_JUDGED
            : Verdict.SAME;
    if (bs.length >= 2 && cs.length >= 2) {
      // the test in the direction of the change: are the current values beyond the baseline's
      // moved by the limit?
      boolean rose = change == null ? false : change > 0;
      double factor = rose ? 1 + limit : 1 - limit;
      double[] moved = scaled(bs, factor);
      p = rose ? MannWhitney.pGreater(moved, cs) : MannWhitney.pGreater(cs, moved);
      boolean beyond = change != null && Math.abs(change) > limit;
      if (beyond && p < alpha) {
        verdict = rose == higherIsWorse ? Verdict.REGRESSED : Verdict.IMPROVED;
      }
    }
    return new Change(
        stage,
        model,
        metric,
        before,
        after,
        change,
        limit,
        p,
        bs.length,
        cs.length,
        higherIsWorse,
        verdict);
  }

  /** The smallest p-value an exact one-sided test of {@code n} and {@code m} values can give. */
  static double smallestP(int n, int m) {
    if (n == 0 || m == 0) {
      return 1;
    }
    double ways = 1; // C(n + m, n)
    for (int i = 1; i <= Math.min(n, m); i++) {
      ways = ways * (Math.max(n, m) + i) / i;
    }
    return 1 / ways;
  }

  private static double[] scaled(double[] values, double factor) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] * factor;
    }
    return out;
  }

  private static boolean hasTokens(JsonNode row) {
    return row.path("outputTokens").asLong(0) > 0;
  }

  private static Double value(JsonNode row, String metric, boolean tokens) {
    JsonNode v;
    if (metric.equals(Gate.THROUGHPUT)) {
      v = row.path("throughput").path(tokens ? "outputTokensPerS" : "requestsPerS");
    } else if (metric.equals(Gate.REQUESTS_PER_S)) {
      v = row.path("throughput").path("requestsPerS");
    } else {
      int dot = metric.indexOf('.');
      v = row.path("latency").path(metric.substring(0, dot)).path(metric.substring(dot + 1));
    }
    return v.isNumber() ? v.asDouble() : null;
  }

  private static double[] perInterval(Side side, String stage, String metric, boolean tokens) {
    if (metric.equals(Gate.THROUGHPUT) || metric.equals(Gate.REQUESTS_PER_S)) {
      return rates(side, stage, metric.equals(Gate.THROUGHPUT) && tokens);
    }
    int dot = metric.indexOf('.');
    String stat = metric.substring(dot + 1);
    TreeMap<Long, PackedHistogram> merged = merged(side, stage, metric.substring(0, dot));
    long least = samplesPerValue(stat);
    List<Double> values = new ArrayList<>();
    PackedHistogram block = null;
    PackedHistogram last = null;
    for (PackedHistogram h : merged.values()) {
      if (block == null) {
        block = new PackedHistogram(h.getHighestTrackableValue(), 3);
      }
      block.add(h);
      if (block.getTotalCount() >= least) {
        values.add(stat(block, stat));
        last = block;
        block = null;
      }
    }
    if (block != null && block.getTotalCount() > 0 && last != null) {
      // the rest joins the last block
      last.add(block);
      values.set(values.size() - 1, stat(last, stat));
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * The fewest samples a per-interval value of {@code stat} is taken over: 20 for a mean, and for a
   * percentile enough that 10 samples are expected beyond it ({@code 10 / (1 − q)}: 20 for p50,
   * 1,000 for p99); a maximum counts as p999.
   */
  static long samplesPerValue(String stat) {
    double q =
        switch (stat) {
          case "mean" -> 0.5;
          case "max", "p999" -> 0.999;
          default -> Double.parseDouble(stat.substring(1)) / 100;
        };
    return (long) Math.ceil(10 / (1 - q) - 1e-9);
  }

  private static double stat(AbstractHistogram h, String stat) {
    long micros =
        switch (stat) {
          case "mean" -> Math.round(h.getMean());
          case "max" -> h.getMaxValue();
          case "p999" -> h.getValueAtPercentile(99.9);
          default -> h.getValueAtPercentile(Double.parseDouble(stat.substring(1)));
        };
    return micros / 1e6;
  }

  /** Output tokens (or requests) per second in each whole interval of the stage. */
  private static double[] rates(Side side, String stage, boolean tokens) {
    TreeMap<Long, PackedHistogram> requests = merged(side, stage, LatencyMetric.E2E.key());
    TreeMap<Long, PackedHistogram> firsts = merged(side, stage, LatencyMetric.TTFT.key());
    TreeMap<Long, PackedHistogram> gaps = merged(side, stage, LatencyMetric.ITL.key());
    List<Long> intervals = new ArrayList<>();
    for (Map.Entry<Long, PackedHistogram> e : requests.entrySet()) {
      if (e.getValue().getTotalCount() > 0) {
        intervals.add(e.getKey());
      }
    }
    if (intervals.size() >= 4) {
      intervals = intervals.subList(1, intervals.size() - 1);
    }
    double[] amounts = new double[intervals.size()];
    for (int i = 0; i < amounts.length; i++) {
      long k = intervals.get(i);
      amounts[i] = tokens ? count(firsts, k) + count(gaps, k) : count(requests, k);
    }
    double scale = 1;
    if (tokens) {
      long chunks = total(firsts) + total(gaps);
      long outputTokens = side.row.path("outputTokens").asLong(0);
      if (chunks > 0) {
        scale = (double) outputTokens / chunks;
      } else {
        // nothing streamed: tokens in proportion to requests
        long all = total(requests);
        scale = all == 0 ? 0 : (double) outputTokens / all;
        for (int i = 0; i < amounts.length; i++) {
          amounts[i] = count(requests, intervals.get(i));
        }
      }
    }
    for (int i = 0; i < amounts.length; i++) {
      amounts[i] *= scale / side.run.intervalS();
    }
    return amounts;
  }

  private static long total(TreeMap<Long, PackedHistogram> series) {
    long n = 0;
    for (PackedHistogram h : series.values()) {
      n += h.getTotalCount();
    }
    return n;
  }

  private static long count(TreeMap<Long, PackedHistogram> series, long interval) {
    PackedHistogram h = series.get(interval);
    return h == null ? 0 : h.getTotalCount();
  }

  /** A metric's histograms per interval over the side's models. */
  private static TreeMap<Long, PackedHistogram> merged(Side side, String stage, String metric) {
    LatencyMetric m = LatencyMetric.byKey(metric).orElseThrow();
    if (side.models.size() == 1) {
      return side.run.intervals(HlogWriter.tag(m, stage, side.models.get(0)));
    }
    TreeMap<Long, PackedHistogram> out = new TreeMap<>();
    for (String model : side.models) {
      side.run
          .intervals(HlogWriter.tag(m, stage, model))
          .forEach(
              (k, h) -> {
                PackedHistogram sum = out.get(k);
                if (sum == null) {
                  sum = new PackedHistogram(h.getHighestTrackableValue(), 3);
                  out.put(k, sum);
                }
                sum.add(h);
              });
    }
    return out;
  }

  private static JsonNode stage(RunResults run, String name) {
    for (JsonNode s : run.summary().path("stages")) {
      if (s.path("name").asText().equals(name)) {
        return s;
      }
    }
    throw new IllegalStateException("no stage " + name);
  }

  private static JsonNode row(JsonNode stage, String model) {
    for (JsonNode r : stage.path("models")) {
      if (r.path("model").asText().equals(model)) {
        return r;
      }
    }
    throw new IllegalStateException("no model " + model);
  }

  private static List<String> names(JsonNode list, String field) {
    List<String> names = new ArrayList<>();
    list.forEach(n -> names.add(n.path(field).asText()));
    return names;
  }

  private static void mismatch(String what, String where, List<String> base, List<String> cur)
      throws CompareException {
    if (new LinkedHashSet<>(base).equals(new LinkedHashSet<>(cur))) {
      return;
    }
    List<String> onlyBase = new ArrayList<>(base);
    onlyBase.removeAll(cur);
    List<String> onlyCur = new ArrayList<>(cur);
    onlyCur.removeAll(base);
    StringBuilder msg = new StringBuilder("the runs have different " + what + where + ":");
    if (!onlyBase.isEmpty()) {
      msg.append(" only the baseline has ").append(String.join(", ", onlyBase)).append(';');
    }
    if (!onlyCur.isEmpty()) {
      msg.append(" only the current run has ").append(String.join(", ", onlyCur)).append(';');
    }
    msg.setLength(msg.length() - 1);
    throw new CompareException(msg + "; compare runs of the same plan");
  }
}
