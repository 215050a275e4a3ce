package io.broadside.coordinator.report;

import static io.broadside.coordinator.report.ReportSections.d;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.broadside.common.histogram.Histograms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The report's charts, only where there is data: latency CDFs per stage and the TTFT and TPOT
 * distributions from the merged histograms, the sweep against its level with the knee, the search
 * steps, the readiness curve, and the timeline per interval. Latencies in milliseconds.
 */
final class ReportCharts {
  private static final int BUCKETS = 40;

  private final JsonNode summary;
  private final HlogSeries hlog;
  private final CounterTimeline counters;
  private final List<Chart> all = new ArrayList<>();

  ReportCharts(JsonNode summary, HlogSeries hlog, CounterTimeline counters) {
    this.summary = summary;
    this.hlog = hlog;
    this.counters = counters;
  }

  List<Chart> all() {
    return all;
  }

  private Chart keep(Chart c) {
    if (!c.empty()) {
      all.add(c);
    }
    return c;
  }

  private List<Chart> kept(List<Chart> charts) {
    return charts.stream().filter(c -> !c.empty()).map(this::keep).toList();
  }

  /** One CDF per stage of the summary: e2e and TTFT, p50/p95/p99 marked on each curve. */
  List<Chart> cdfs() {
    List<Chart> out = new ArrayList<>();
    int i = 0;
    for (JsonNode stage : summary.path("stages")) {
      String name = stage.path("name").asText();
      Chart c =
          Chart.line("cdf-" + i++, "Latency CDF: " + name, "latency (ms)", "fraction of requests");
      for (String metric : new String[] {"e2e", "ttft"}) {
        Histogram h = hlog.stage(metric, name);
        if (h == null || h.getTotalCount() == 0) {
          continue;
        }
        c.series(metric.toUpperCase(java.util.Locale.ROOT), cdf(h), false);
        // as summary.json has them: never above the exact max
        JsonNode max = stage.path("all").path("latency").path(metric).path("max");
        long maxUs = max.isNumber() ? Math.round(max.asDouble() * 1e6) : Long.MAX_VALUE;
        for (double p : new double[] {50, 95, 99}) {
          long us = Math.min(h.getValueAtPercentile(p), maxUs);
          c.markPoint(us / 1000.0, p / 100, metric + " p" + (int) p + " " + Html.ms(us / 1e6));
        }
      }
      out.add(c);
    }
    return kept(out);
  }

  /** The TTFT and TPOT distributions over every measured stage. */
  List<Chart> distributions() {
    List<Chart> out = new ArrayList<>();
    for (String metric : new String[] {"ttft", "tpot"}) {
      Histogram total = Histograms.newHistogram();
      for (JsonNode stage : summary.path("stages")) {
        Histogram h = hlog.stage(metric, stage.path("name").asText());
        if (h != null) {
          total.add(h);
        }
      }
      if (total.getTotalCount() == 0) {
        continue;
      }
      long lo = total.getMinValue();
      long hi = Math.max(lo + 1, total.getValueAtPercentile(99.9));
      double width = (hi - lo) / (double) BUCKETS;
      List<String> labels = new ArrayList<>();
      List<Double> counts = new ArrayList<>();
      for (int i = 0; i < BUCKETS; i++) {
        long from = lo + (long) Math.floor(i * width);
        long to = i == BUCKETS - 1 ? Long.MAX_VALUE : lo + (long) Math.floor((i + 1) * width) - 1;
        long n = to < from ? 0 : countBetween(total, from, to);
        labels.add(Html.ms(from / 1e6) + (i == BUCKETS - 1 ? "+" : ""));
        counts.add((double) n);
      }
      String name = metric.toUpperCase(java.util.Locale.ROOT);
      out.add(
          Chart.bar("dist-" + metric, name + " distribution", labels, name + " (ms)", "requests")
              .values(name, counts, false, null));
    }
    return kept(out);
  }

  private static long countBetween(Histogram h, long from, long to) {
    long n = 0;
    for (HistogramIterationValue v : h.recordedValues()) {
      long value = v.getValueIteratedTo();
      if (value >= from && value <= to) {
        n += v.getCountAddedInThisIterationStep();
      }
    }
    return n;
  }

  private static List<double[]> cdf(Histogram h) {
    List<double[]> points = new ArrayList<>();
    points.add(new double[] {h.getMinValue() / 1000.0, 0});
    for (HistogramIterationValue v : h.percentiles(5)) {
      points.add(
          new double[] {v.getValueIteratedTo() / 1000.0, v.getPercentileLevelIteratedTo() / 100});
      if (v.getPercentileLevelIteratedTo() >= 100) {
        break;
      }
    }
    return points;
  }

  /** Throughput and latency against the sweep's level, the knee marked on both. */
  List<Chart> sweep() {
    JsonNode sweep = summary.path("sweep");
    Chart throughput =
        Chart.line("sweep-throughput", "Throughput by level", "level", "output tokens/s")
            .y2("requests/s");
    Chart latency = Chart.line("sweep-latency", "Latency by level", "level", "latency (ms)");
    List<double[]> tokens = new ArrayList<>();
    List<double[]> requests = new ArrayList<>();
    List<double[]> goodput = new ArrayList<>();
    Map<String, List<double[]>> lat = new java.util.LinkedHashMap<>();
    Double kneeLevel = null;
    String knee = sweep.path("knee").asText(null);
    for (JsonNode l : sweep.path("levels")) {
      double level = l.path("level").asDouble();
      tokens.add(new double[] {level, l.path("outputTokensPerS").asDouble()});
      requests.add(new double[] {level, l.path("requestsPerS").asDouble()});
      goodput.add(new double[] {level, l.path("goodputPerS").asDouble()});
      if (l.path("stage").asText().equals(knee)) {
        kneeLevel = level;
      }
      JsonNode all = stageAll(l.path("stage").asText());
      for (String m : new String[] {"ttft", "tpot", "e2e"}) {
        for (String p : new String[] {"p50", "p99"}) {
          Double v = d(all.path("latency").path(m).path(p));
          if (v != null) {
            lat.computeIfAbsent(
                    m.toUpperCase(java.util.Locale.ROOT) + " " + p, k -> new ArrayList<>())
                .add(new double[] {level, v * 1000});
          }
        }
      }
    }
    if (tokens.isEmpty()) {
      return List.of();
    }
    if (summary.path("sweep").path("throughput").asText().equals("requestsPerS")) {
      throughput.series("requests/s", requests, false).series("goodput/s", goodput, true);
    } else {
      throughput
          .series("output tokens/s", tokens, false)
          .series("requests/s", requests, true)
          .series("goodput/s", goodput, true);
    }
    lat.forEach((name, points) -> latency.series(name, points, false));
    if (kneeLevel != null) {
      throughput.markX(kneeLevel, "knee: " + knee);
      latency.markX(kneeLevel, "knee: " + knee);
    }
    return kept(List.of(throughput, latency));
  }

  private JsonNode stageAll(String name) {
    for (JsonNode s : summary.path("stages")) {
      if (s.path("name").asText().equals(name)) {
        return s.path("all");
      }
    }
    return MissingNode.getInstance();
  }

  /** Each step's users (bars) and throughput (line), the chosen step marked. */
  List<Chart> search() {
    JsonNode s = summary.path("search");
    List<String> labels = new ArrayList<>();
    List<Double> users = new ArrayList<>();
    List<Double> tokens = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    String chosen = s.path("chosen").path("stage").asText(null);
    int chosenAt = -1;
    for (JsonNode step : s.path("steps")) {
      if (step.path("stage").asText().equals(chosen)) {
        chosenAt = labels.size();
      }
      labels.add(step.path("stage").asText() + (step.path("held").asBoolean() ? "" : " ✗"));
      users.add(step.path("users").asDouble());
      tokens.add(step.path("outputTokensPerS").asDouble());
      values.add(d(step.path("value")));
    }
    if (labels.isEmpty()) {
      return List.of();
    }
    Chart c =
        Chart.bar("search-steps", "Search steps", labels, "step", "users")
            .y2("output tokens/s")
            .values("users", users, false, null)
            .values("output tokens/s", tokens, true, "line");
    List<Chart> out = new ArrayList<>(List.of(c));
    if (values.stream().anyMatch(v -> v != null)) {
      // feedback: the query's value; capacity: the memory reading — on a scale of their own
      String name = s.path("kind").asText().equals("capacity") ? "memory" : "query value";
      out.add(
          Chart.bar("search-values", "Search steps: " + name, labels, "step", name)
              .values(name, values, false, "line"));
    }
    if (chosenAt >= 0) {
      for (Chart chart : out) {
        chart.markX(chosenAt, "chosen");
      }
    }
    return kept(out);
  }

  /** The readiness curve of a scale study: models created and ready over time. */
  List<Chart> scale() {
    List<double[]> created = new ArrayList<>();
    List<double[]> ready = new ArrayList<>();
    for (JsonNode p : summary.path("scale").path("curve")) {
      created.add(new double[] {p.path("atS").asDouble(), p.path("created").asDouble()});
      ready.add(new double[] {p.path("atS").asDouble(), p.path("ready").asDouble()});
    }
    if (created.isEmpty()) {
      return List.of();
    }
    return kept(
        List.of(
            Chart.line("readiness", "Readiness curve", "seconds since the start", "models")
                .stepped()
                .series("created", created, false)
                .series("ready", ready, false)));
  }

  /** Requests/s and tokens/s, latency p50/p99 and active users per interval. */
  List<Chart> timeline() {
    List<Chart> out = new ArrayList<>();
    Chart rate =
        Chart.line(
                "timeline-throughput",
                "Throughput over time",
                "seconds since the start",
                "requests/s")
            .y2("output tokens/s");
    if (!counters.intervals.isEmpty()) {
      List<double[]> ok = new ArrayList<>();
      List<double[]> failed = new ArrayList<>();
      List<double[]> tokens = new ArrayList<>();
      boolean anyFailed = false;
      for (CounterTimeline.Interval i : counters.intervals.values()) {
        double len = i.lengthS > 0 ? i.lengthS : 1;
        ok.add(new double[] {i.startS, i.ok / len});
        failed.add(new double[] {i.startS, i.failed / len});
        tokens.add(new double[] {i.startS, i.outputTokens / len});
        anyFailed |= i.failed > 0;
      }
      rate.series("requests/s", ok, false);
      if (anyFailed) {
        rate.series("failed/s", failed, false);
      }
      rate.series("output tokens/s", tokens, true);
    } else if (hlog.timeline.containsKey("e2e")) {
      List<double[]> ok = new ArrayList<>();
      for (HlogSeries.Interval i : hlog.timeline.get("e2e").values()) {
        ok.add(
            new double[] {i.startS(), i.histogram().getTotalCount() / Math.max(i.lengthS(), 1e-3)});
      }
      rate.series("requests/s (by intended send)", ok, false);
    }
    out.add(rate);
    Chart latency =
        Chart.line(
            "timeline-latency", "Latency over time", "seconds since the start", "latency (ms)");
    for (String metric : new String[] {"e2e", "ttft"}) {
      var intervals = hlog.timeline.get(metric);
      if (intervals == null) {
        continue;
      }
      for (double p : new double[] {50, 99}) {
        List<double[]> points = new ArrayList<>();
        for (HlogSeries.Interval i : intervals.values()) {
          if (i.histogram().getTotalCount() > 0) {
            points.add(new double[] {i.startS(), i.histogram().getValueAtPercentile(p) / 1000.0});
          }
        }
        latency.series(metric.toUpperCase(java.util.Locale.ROOT) + " p" + (int) p, points, false);
      }
    }
    out.add(latency);
    List<double[]> users = new ArrayList<>();
    boolean anyUsers = false;
    for (CounterTimeline.Interval i : counters.intervals.values()) {
      users.add(new double[] {i.startS, i.activeUsers});
      anyUsers |= i.activeUsers > 0;
    }
    if (anyUsers) {
      out.add(
          Chart.line("timeline-users", "Active users", "seconds since the start", "users")
              .stepped()
              .series("active users", users, false));
    }
    return kept(out);
  }
}
