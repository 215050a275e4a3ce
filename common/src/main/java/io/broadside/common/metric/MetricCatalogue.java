package io.broadside.common.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every family the coordinator's {@code /metrics} exposes (DESIGN.md §6): name, type, unit, labels
 * and definition. The exporter builds its families from here, and README.md's metrics table is
 * tested against it, so the two cannot drift apart.
 */
public final class MetricCatalogue {
  /** The labels of every run family. */
  public static final List<String> RUN_LABELS = List.of("run", "stage", "model_name", "target");

  /** The exact window quantiles, as published. */
  public static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99, 0.999};

  /** The Prometheus types used. */
  public enum Type {
    HISTOGRAM,
    SUMMARY,
    COUNTER,
    GAUGE,
    /** A gauge of value 1 whose labels carry the information ({@code _info}). */
    INFO;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One metric family.
   *
   * @param name the exposed name (counters with their {@code _total})
   * @param unit {@code seconds}, {@code ratio}, {@code usd}, {@code requests_per_second} or empty
   */
  public record Family(
      String name, Type type, String unit, List<String> labels, String definition) {
    public Family {
      labels = List.copyOf(labels);
    }

    /**
     * The name without {@code _total} or {@code _info}: what a client library's builder takes (its
     * writer adds the suffix).
     */
    public String baseName() {
      String suffix =
          switch (type) {
            case COUNTER -> "_total";
            case INFO -> "_info";
            default -> "";
          };
      return !suffix.isEmpty() && name.endsWith(suffix)
          ? name.substring(0, name.length() - suffix.length())
          : name;
    }
  }

  // vLLM's bounds (vllm/v1/metrics/loggers.py), so client and server histograms line up
  private static final double[] TTFT_BOUNDS = {
    0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40,
    80, 160, 640, 2560
  };
  private static final double[] ITL_BOUNDS = {
    0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80
  };
  private static final double[] E2E_BOUNDS = {
    0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680
  };
  // the generator's own delay is small when healthy: finer bounds than vLLM's queue histogram
  private static final double[] QUEUE_BOUNDS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    30, 60
  };

  private MetricCatalogue() {}

  /** vLLM's bounds of {@code vllm:time_to_first_token_seconds}. */
  public static double[] vllmTtftBounds() {
    return TTFT_BOUNDS.clone();
  }

  /** vLLM's bounds of its inter-token and per-output-token histograms. */
  public static double[] vllmItlBounds() {
    return ITL_BOUNDS.clone();
  }

  /** vLLM's bounds of its request-level histograms (e2e, queue, prefill, decode). */
  public static double[] vllmRequestBounds() {
    return E2E_BOUNDS.clone();
  }

  /** The classic bucket upper bounds of a latency histogram ({@code +Inf} not included). */
  public static double[] classicBounds(LatencyMetric metric) {
    double[] b =
        switch (metric) {
          case TTFT, TTFC, TTFR, TTFA -> TTFT_BOUNDS;
          case ITL, TPOT, ANSWER_TPOT -> ITL_BOUNDS;
          case E2E, SERVICE, COLD -> E2E_BOUNDS;
          case QUEUE -> QUEUE_BOUNDS;
        };
    return b.clone();
  }

  /** The name of the exact-quantile summary of a latency metric ({@code …_window_seconds}). */
  public static String windowName(LatencyMetric metric) {
    String n = metric.promName();
    return n.substring(0, n.length() - "_seconds".length()) + "_window_seconds";
  }

  public static final String REQUESTS = "broadside_requests_total";
  public static final String ERRORS = "broadside_request_errors_total";
  public static final String GOODPUT = "broadside_goodput_requests_total";
  public static final String PROMPT_TOKENS = "broadside_prompt_tokens_total";
  public static final String GENERATION_TOKENS = "broadside_generation_tokens_total";
  public static final String COLD_STARTS = "broadside_cold_starts_total";
  public static final String REASONING_TOKENS = "broadside_reasoning_tokens_total";
  public static final String CACHED_TOKENS = "broadside_cached_prompt_tokens_total";
  public static final String CACHE_HIT_RATIO = "broadside_prefix_cache_hit_ratio";
  public static final String ACTIVE_USERS = "broadside_active_users";
  public static final String TARGET_RATE = "broadside_target_rate";
  public static final String COST = "broadside_cost_per_million_tokens_usd";
  public static final String RUN_INFO = "broadside_run_info";
  public static final String AGENTS = "broadside_agents";
  public static final String AGENT_CPU = "broadside_agent_cpu_ratio";
  public static final String AGENT_LOOP_DELAY = "broadside_agent_event_loop_delay_seconds";
  public static final String AGENT_LOAD_CPU = "broadside_agent_load_cpu_ratio";
  public static final String GENERATOR_SATURATED = "broadside_generator_saturated";
  public static final String GENERATOR_STALLS = "broadside_generator_stalls";
  public static final String AGENT_RESENT = "broadside_agent_snapshots_resent_total";
  public static final String AGENT_LATE = "broadside_agent_snapshots_late_total";

  /** The latency series kept per slice and per turn on /metrics (the summary keeps every one). */
  public static final List<LatencyMetric> PART_LATENCIES =
      List.of(LatencyMetric.E2E, LatencyMetric.TTFT, LatencyMetric.TPOT, LatencyMetric.ITL);

  /** The counters kept per slice and per turn on /metrics. */
  public static final List<String> PART_COUNTERS = List.of(REQUESTS, GOODPUT, GENERATION_TOKENS);

  /**
   * A family's name for a part of {@code kind} ({@link Parts#SLICE}, {@link Parts#TURN}): {@code
   * broadside_slice_time_to_first_token_seconds}. Kept apart from the run's own families, whose
   * sums each request joins once.
   */
  public static String partName(String kind, String name) {
    return "broadside_" + kind + "_" + name.substring("broadside_".length());
  }

  private static final List<Family> FAMILIES = build();

  private static List<Family> build() {
    List<Family> f = new ArrayList<>();
    for (LatencyMetric m : LatencyMetric.values()) {
      f.add(
          new Family(
              m.promName(),
              Type.HISTOGRAM,
              "seconds",
              RUN_LABELS,
              m.definition() + "; since the run started"));
    }
    for (LatencyMetric m : LatencyMetric.values()) {
      f.add(
          new Family(
              windowName(m),
              Type.SUMMARY,
              "seconds",
              with(RUN_LABELS, "quantile"),
              "Exact quantiles of " + m.key() + " over the last window, merged over agents"));
    }
    f.add(
        new Family(
            REQUESTS,
            Type.COUNTER,
            "",
            with(RUN_LABELS, "outcome"),
            "Requests ended, by outcome: ok, error, or dropped (not sent: the concurrency cap)"));
    f.add(
        new Family(
            ERRORS,
            Type.COUNTER,
            "",
            with(RUN_LABELS, "error_type"),
            "Failed requests by the class of their first failure (connect, timeout, http_<status>,"
                + " grpc_<code>, protocol, validation, ...)"));
    f.add(
        new Family(
            GOODPUT,
            Type.COUNTER,
            "",
            RUN_LABELS,
            "Successful requests that met every per-request SLO bound of the plan"));
    f.add(
        new Family(
            PROMPT_TOKENS,
            Type.COUNTER,
            "",
            RUN_LABELS,
            "Prompt (input) tokens of ended requests"));
    f.add(
        new Family(
            GENERATION_TOKENS,
            Type.COUNTER,
            "",
            RUN_LABELS,
            "Output tokens: the server's count, else the tokens of token-bearing chunks"));
    f.add(
        new Family(
            COLD_STARTS,
            Type.COUNTER,
            "",
            RUN_LABELS,
            "Requests that waited for their model to load (multi-model endpoints)"));
    f.add(
        new Family(
            REASONING_TOKENS,
            Type.COUNTER,
            "",
            RUN_LABELS,
            "Output tokens spent reasoning before the answer: the server's reasoning_tokens, else"
                + " the reasoning chunks (part of the generation tokens)"));
    f.add(
        new Family(
            CACHED_TOKENS,
            Type.COUNTER,
            "",
            RUN_LABELS,
            "Prompt tokens the server found in its prefix cache (its usage's cached_tokens)"));
    f.add(
        new Family(
            CACHE_HIT_RATIO,
            Type.GAUGE,
            "ratio",
            RUN_LABELS,
            "Cached prompt tokens / prompt tokens, over the requests whose server reported its"
                + " cached tokens, since the run started"));
    f.add(
        new Family(
            ACTIVE_USERS,
            Type.GAUGE,
            "",
            List.of("run", "target"),
            "Virtual users now (closed loop) or requests in flight (open loop), over all agents"));
    f.add(
        new Family(
            TARGET_RATE,
            Type.GAUGE,
            "requests_per_second",
            List.of("run", "target"),
            "Arrival rate the plan asks for now, over all agents; 0 in a closed loop"));
    f.add(
        new Family(
            COST,
            Type.GAUGE,
            "usd",
            RUN_LABELS,
            "usdPerHour / (output tokens/s x 3600) x 10^6 over the stage's measured window, when"
                + " the plan gives cost.usdPerHour"));
    f.add(
        new Family(
            RUN_INFO,
            Type.INFO,
            "",
            List.of("run", "plan", "target"),
            "1 for every run on this endpoint; plan is the plan's name"));
    f.add(
        new Family(
            AGENTS, Type.GAUGE, "", List.of("state"), "Agents known to the coordinator, by state"));
    f.add(
        new Family(
            AGENT_CPU,
            Type.GAUGE,
            "ratio",
            List.of("run", "agent"),
            "The agent process's CPU use over its last interval, 0-1 of all its cores"));
    f.add(
        new Family(
            AGENT_LOOP_DELAY,
            Type.GAUGE,
            "seconds",
            List.of("run", "agent"),
            "The worst event-loop delay of the agent in its last interval"));
    f.add(
        new Family(
            AGENT_LOAD_CPU,
            Type.GAUGE,
            "ratio",
            List.of("run", "agent"),
            "The agent's busiest load thread's CPU over its last interval, 0-1 of one core (what"
                + " tells saturation: no JIT, GC or control plane)"));
    f.add(
        new Family(
            GENERATOR_SATURATED,
            Type.GAUGE,
            "",
            List.of("run"),
            "1 when an agent could not keep up for a sustained stretch (its latencies measure the"
                + " generator), else 0"));
    f.add(
        new Family(
            GENERATOR_STALLS,
            Type.GAUGE,
            "",
            List.of("run"),
            "Brief stalls of the agents' event loops (or load threads over 85% CPU) so far, in an"
                + " unsaturated run"));
    f.add(
        new Family(
            AGENT_RESENT,
            Type.COUNTER,
            "",
            List.of("run", "agent"),
            "Snapshots received again (resent after a reconnect) and merged only once"));
    f.add(
        new Family(
            AGENT_LATE,
            Type.COUNTER,
            "",
            List.of("run", "agent"),
            "Snapshots that arrived more than two intervals after their interval ended"));
    int before = f.size();
    for (String kind : List.of(Parts.SLICE, Parts.TURN)) {
      for (LatencyMetric m : PART_LATENCIES) {
        f.add(
            new Family(
                partName(kind, m.promName()),
                Type.HISTOGRAM,
                "seconds",
                with(RUN_LABELS, kind),
                m.definition() + "; per " + kind + ", since the run started"));
      }
      for (int i = 0; i < before; i++) {
        Family run = f.get(i);
        if (PART_COUNTERS.contains(run.name())) {
          f.add(
              new Family(
                  partName(kind, run.name()),
                  run.type(),
                  run.unit(),
                  with(run.labels(), kind),
                  run.definition() + "; per " + kind));
        }
      }
    }
    return List.copyOf(f);
  }

  private static List<String> with(List<String> labels, String extra) {
    List<String> l = new ArrayList<>(labels);
    l.add(extra);
    return l;
  }

  public static List<Family> families() {
    return FAMILIES;
  }

  public static Family family(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("no metric " + name));
  }

  public static Optional<Family> find(String name) {
    return FAMILIES.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The README table: one row per family. */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder();
    b.append("| metric | type | unit | labels | definition |\n");
    b.append("|---|---|---|---|---|\n");
    for (Family f : FAMILIES) {
      b.append("| `")
          .append(f.name())
          .append("` | ")
          .append(f.type().wire())
          .append(" | ")
          .append(f.unit().isEmpty() ? "–" : f.unit())
          .append(" | ")
          .append(String.join(", ", f.labels()))
          .append(" | ")
          .append(f.definition().replace("|", "\\|"))
          .append(" |\n");
    }
    return b.toString();
  }
}
