package io.broadside.coordinator.metrics;

import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.metric.MetricCatalogue;
import io.broadside.common.metric.MetricCatalogue.Family;
import io.broadside.common.metric.Parts;
import io.broadside.common.summary.CellAggregate;
import io.broadside.common.summary.CostModel;
import io.broadside.common.summary.RunAggregate;
import io.broadside.common.summary.StageModel;
import io.broadside.common.summary.Summary;
import io.broadside.common.summary.SummaryCalculator;
import io.broadside.common.time.MonoClock;
import io.broadside.coordinator.agent.AgentRegistry;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.coordinator.merge.SlidingWindow;
import io.broadside.coordinator.run.AgentHealthNow;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The coordinator's {@code /metrics}. Once per tick (on the coordinator's context, where the runs
 * live) it turns every exposed run's merged histograms, windows and counters into Prometheus
 * snapshots; a client_java {@link MultiCollector} on Micrometer's registry hands out the latest
 * set, so a scrape only serializes. The scrape is content-negotiated: protobuf (the only format
 * with native buckets) for a Prometheus that asks for it, OpenMetrics or text 0.0.4 otherwise.
 */
public final class MetricsExport {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ExpositionFormats formats = ExpositionFormats.init();
  private final Supplier<Collection<Run>> runs;
  private final Duration retention;
  private final Map<String, CachedPoint> histogramCache = new HashMap<>();
  private volatile MetricSnapshots current = MetricSnapshots.of();

  /** Snapshots merged into the exposed runs when {@link #current} was built. */
  private long builtFrom = -1;

  public MetricsExport(Supplier<Collection<Run>> runs, AgentRegistry agents, Duration retention) {
    this.runs = runs;
    this.retention = retention;
    for (AgentSession.State state : AgentSession.State.values()) {
      Gauge.builder(
              "broadside.agents",
              agents,
              r -> r.all().stream().filter(a -> a.state() == state).count())
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .description(MetricCatalogue.family(MetricCatalogue.AGENTS).definition())
          .register(registry);
    }
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    registry.getPrometheusRegistry().register((MultiCollector) () -> current);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Serves a scrape in the format the Accept header asks for. Runs on the coordinator's context:
   * what was merged since the last tick is exposed at once (a count waits for its agent's snapshot,
   * not also for the next tick); the windows still advance only at ticks.
   */
  public void handle(RoutingContext rc) {
    if (mergedNow() != builtFrom) {
      build(MonoClock.nowUs());
    }
    String accept = rc.request().getHeader("Accept");
    if (accept == null) {
      accept = "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try {
      registry.scrape(out, accept);
    } catch (IOException e) {
      rc.fail(e);
      return;
    }
    rc.response()
        .putHeader("Content-Type", formats.findWriter(accept).getContentType())
        .end(Buffer.buffer(out.toByteArray()));
  }

  /**
   * Closes a tick of every exposed run's windows and recomputes what scrapes return. Call on the
   * coordinator's context.
   */
  public void tick() {
    long nowUs = MonoClock.nowUs();
    for (Run run : runs.get()) {
      if (exposed(run, nowUs)) {
        run.windows().advance();
      }
    }
    build(nowUs);
  }

  private void build(long nowUs) {
    Families f = new Families();
    Map<String, CachedPoint> stillUsed = new HashMap<>();
    long merged = 0;
    for (Run run : runs.get()) {
      merged += run.merged();
      if (exposed(run, nowUs)) {
        add(run, f, stillUsed);
      }
    }
    histogramCache.keySet().retainAll(stillUsed.keySet());
    current = f.build();
    builtFrom = merged;
  }

  private long mergedNow() {
    long merged = 0;
    for (Run run : runs.get()) {
      merged += run.merged();
    }
    return merged;
  }

  private boolean exposed(Run run, long nowUs) {
    RunStatus s = run.status();
    if (!s.ended()) {
      return s != RunStatus.PENDING;
    }
    return run.endUs() > 0 && nowUs - run.endUs() < retention.toNanos() / 1000;
  }

  private void add(Run run, Families f, Map<String, CachedPoint> stillUsed) {
    String id = run.id();
    String target = run.plan().target().name();
    f.info(
        MetricCatalogue.RUN_INFO,
        Labels.of("run", id, "plan", run.plan().name(), "target", target));
    Labels runLabels = Labels.of("run", id, "target", target);
    f.gauge(MetricCatalogue.ACTIVE_USERS, runLabels, run.agents().activeUsers());
    f.gauge(MetricCatalogue.TARGET_RATE, runLabels, run.agents().targetRate());
    Summary.Generator generator = run.agents().generator();
    f.gauge(
        MetricCatalogue.GENERATOR_SATURATED, Labels.of("run", id), generator.saturated() ? 1 : 0);
    f.gauge(
        MetricCatalogue.GENERATOR_STALLS,
        Labels.of("run", id),
        generator.agents().stream().mapToLong(a -> a.stalls().size()).sum());
    for (AgentHealthNow a : run.agents().health()) {
      Labels l = Labels.of("run", id, "agent", a.agent());
      f.gauge(MetricCatalogue.AGENT_CPU, l, a.cpuRatio());
      f.gauge(MetricCatalogue.AGENT_LOAD_CPU, l, a.loadCpuRatio());
      f.gauge(MetricCatalogue.AGENT_LOOP_DELAY, l, a.loopDelaySeconds());
      f.counter(MetricCatalogue.AGENT_RESENT, l, a.resent());
      f.counter(MetricCatalogue.AGENT_LATE, l, a.late());
    }
    for (Map.Entry<StageModel, CellAggregate> e : run.aggregate().cells().entrySet()) {
      String stage = e.getKey().stage();
      String model = e.getKey().model();
      CellAggregate cell = e.getValue();
      Labels l = Labels.of("run", id, "stage", stage, "model_name", model, "target", target);
      for (LatencyMetric m : LatencyMetric.values()) {
        if (cell.histogram(m) == null) {
          continue;
        }
        f.histogram(m, histogramPoint(id, stage, model, m, l, cell, stillUsed));
        SlidingWindow w = run.windows().get(stage, model, m);
        Quantiles.Builder q = Quantiles.builder();
        for (double quantile : MetricCatalogue.QUANTILES) {
          q.quantile(quantile, w == null ? Double.NaN : w.quantileSeconds(quantile));
        }
        f.summary(
            m,
            SummaryDataPointSnapshot.builder()
                .labels(l)
                .count(cell.count(m))
                .sum(cell.sumUs(m) / 1e6)
                .quantiles(q.build())
                .build());
      }
      f.counter(MetricCatalogue.REQUESTS, l.add("outcome", "ok"), cell.counter(Counter.OK));
      f.counter(MetricCatalogue.REQUESTS, l.add("outcome", "error"), cell.counter(Counter.FAILED));
      f.counter(
          MetricCatalogue.REQUESTS, l.add("outcome", "dropped"), cell.counter(Counter.DROPPED));
      cell.counters()
          .forEach(
              (name, value) -> {
                if (name.startsWith(Counter.ERROR_PREFIX)) {
                  f.counter(
                      MetricCatalogue.ERRORS,
                      l.add("error_type", name.substring(Counter.ERROR_PREFIX.length())),
                      value);
                }
              });
      f.counter(MetricCatalogue.GOODPUT, l, cell.counter(Counter.GOODPUT));
      f.counter(MetricCatalogue.PROMPT_TOKENS, l, cell.counter(Counter.PROMPT_TOKENS));
      f.counter(MetricCatalogue.GENERATION_TOKENS, l, cell.counter(Counter.OUTPUT_TOKENS));
      f.counter(MetricCatalogue.COLD_STARTS, l, cell.counter(Counter.COLD_STARTS));
      f.counter(MetricCatalogue.REASONING_TOKENS, l, cell.counter(Counter.REASONING_TOKENS));
      f.counter(MetricCatalogue.CACHED_TOKENS, l, cell.counter(Counter.CACHED_TOKENS));
      Double hits = SummaryCalculator.cacheHitRatio(cell);
      if (hits != null) {
        f.gauge(MetricCatalogue.CACHE_HIT_RATIO, l, hits);
      }
      if (run.plan().cost() != null && cell.windowSeconds() > 0) {
        Double usd =
            CostModel.usdPerMillionTokens(
                run.plan().cost().usdPerHour(),
                cell.counter(Counter.OUTPUT_TOKENS) / cell.windowSeconds());
        if (usd != null) {
          f.gauge(MetricCatalogue.COST, l, usd);
        }
      }
    }
    parts(f, id, target, run, stillUsed);
  }

  /**
   * Each part of a (stage, model) kept apart (a slice, a session's turn), in families of its own
   * with its kind as a label: the run's families count each request once.
   */
  private void parts(
      Families f, String id, String target, Run run, Map<String, CachedPoint> stillUsed) {
    for (Map.Entry<RunAggregate.StageModelPart, CellAggregate> e :
        run.aggregate().parts().entrySet()) {
      String stage = e.getKey().stage();
      String model = e.getKey().model();
      String part = e.getKey().part();
      String kind = Parts.kind(part);
      CellAggregate cell = e.getValue();
      Labels l =
          Labels.of(
              "run",
              id,
              "stage",
              stage,
              "model_name",
              model,
              "target",
              target,
              kind,
              Parts.value(part));
      for (LatencyMetric m : MetricCatalogue.PART_LATENCIES) {
        if (cell.histogram(m) != null) {
          f.histogram(
              MetricCatalogue.partName(kind, m.promName()),
              histogramPoint(id, stage, model + '\u0000' + part, m, l, cell, stillUsed));
        }
      }
      String requests = MetricCatalogue.partName(kind, MetricCatalogue.REQUESTS);
      f.counter(requests, l.add("outcome", "ok"), cell.counter(Counter.OK));
      f.counter(requests, l.add("outcome", "error"), cell.counter(Counter.FAILED));
      f.counter(requests, l.add("outcome", "dropped"), cell.counter(Counter.DROPPED));
      f.counter(
          MetricCatalogue.partName(kind, MetricCatalogue.GOODPUT),
          l,
          cell.counter(Counter.GOODPUT));
      f.counter(
          MetricCatalogue.partName(kind, MetricCatalogue.GENERATION_TOKENS),
          l,
          cell.counter(Counter.OUTPUT_TOKENS));
    }
  }

  /** A histogram's data point, recomputed only when the merged histogram changed. */
  private HistogramDataPointSnapshot histogramPoint(
      String run,
      String stage,
      String model,
      LatencyMetric m,
      Labels labels,
      CellAggregate cell,
      Map<String, CachedPoint> stillUsed) {
    String key = run + '\u0000' + stage + '\u0000' + model + '\u0000' + m.key();
    long count = cell.count(m);
    CachedPoint cached = histogramCache.get(key);
    if (cached == null || cached.count != count) {
      cached =
          new CachedPoint(
              count,
              PromHistograms.dataPoint(
                  labels,
                  cell.histogram(m),
                  cell.sumUs(m) / 1e6,
                  MetricCatalogue.classicBounds(m)));
      histogramCache.put(key, cached);
    }
    stillUsed.put(key, cached);
    return cached.point;
  }

  private record CachedPoint(long count, HistogramDataPointSnapshot point) {}

  /** Data points gathered per family during one tick, in the catalogue's order. */
  private static final class Families {
    private final Map<String, List<Object>> points = new LinkedHashMap<>();

    Families() {
      for (Family f : MetricCatalogue.families()) {
        if (!f.name().equals(MetricCatalogue.AGENTS)) { // Micrometer's gauge
          points.put(f.name(), new ArrayList<>());
        }
      }
    }

    void gauge(String name, Labels labels, double value) {
      points.get(name).add(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
    }

    void info(String name, Labels labels) {
      points.get(name).add(InfoDataPointSnapshot.builder().labels(labels).build());
    }

    void counter(String name, Labels labels, double value) {
      points.get(name).add(CounterDataPointSnapshot.builder().labels(labels).value(value).build());
    }

    void histogram(LatencyMetric m, HistogramDataPointSnapshot point) {
      points.get(m.promName()).add(point);
    }

    void histogram(String name, HistogramDataPointSnapshot point) {
      points.get(name).add(point);
    }

    void summary(LatencyMetric m, SummaryDataPointSnapshot point) {
      points.get(MetricCatalogue.windowName(m)).add(point);
    }

    MetricSnapshots build() {
      MetricSnapshots.Builder all = MetricSnapshots.builder();
      points.forEach(
          (name, list) -> {
            if (!list.isEmpty()) {
              all.metricSnapshot(snapshot(MetricCatalogue.family(name), list));
            }
          });
      return all.build();
    }

    private static MetricSnapshot snapshot(Family f, List<Object> list) {
      Unit unit = unit(f);
      switch (f.type()) {
        case HISTOGRAM -> {
          HistogramSnapshot.Builder b =
              HistogramSnapshot.builder().name(f.baseName()).help(f.definition()).unit(unit);
          list.forEach(p -> b.dataPoint((HistogramDataPointSnapshot) p));
          return b.build();
        }
        case SUMMARY -> {
          SummarySnapshot.Builder b =
              SummarySnapshot.builder().name(f.baseName()).help(f.definition()).unit(unit);
          list.forEach(p -> b.dataPoint((SummaryDataPointSnapshot) p));
          return b.build();
        }
        case COUNTER -> {
          CounterSnapshot.Builder b =
              CounterSnapshot.builder().name(f.baseName()).help(f.definition()).unit(unit);
          list.forEach(p -> b.dataPoint((CounterDataPointSnapshot) p));
          return b.build();
        }
        case INFO -> {
          InfoSnapshot.Builder b = InfoSnapshot.builder().name(f.baseName()).help(f.definition());
          list.forEach(p -> b.dataPoint((InfoDataPointSnapshot) p));
          return b.build();
        }
        default -> {
          GaugeSnapshot.Builder b =
              GaugeSnapshot.builder().name(f.baseName()).help(f.definition()).unit(unit);
          list.forEach(p -> b.dataPoint((GaugeDataPointSnapshot) p));
          return b.build();
        }
      }
    }

    private static Unit unit(Family f) {
      return switch (f.unit()) {
        case "seconds" -> Unit.SECONDS;
        case "ratio" -> Unit.RATIO;
        case "usd" -> new Unit("usd");
        default -> null;
      };
    }
  }
}
