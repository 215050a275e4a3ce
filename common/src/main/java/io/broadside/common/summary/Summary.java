package io.broadside.common.summary;

import java.util.List;
import java.util.Map;

/**
 * The content of summary.json (DESIGN.md §7); latencies in seconds.
 *
 * @param generator nullable: the agents' health, when agents reported it
 */
public record Summary(
    String run,
    String status,
    List<Stage> stages,
    Generator generator,
    Sweep sweep,
    Saturation saturation,
    List<ModelRound> rounds,
    Search search,
    Scale scale,
    List<Failure> failures) {

  /** The run's requests: how many ended ok and how many failed, over every stage and model. */
  public Requests requests() {
    long ok = 0;
    long failed = 0;
    long dropped = 0;
    long interrupted = 0;
    for (Stage stage : stages) {
      ok += stage.all().requests().ok();
      failed += stage.all().requests().failed();
      dropped += stage.all().requests().dropped();
      interrupted += stage.all().requests().interrupted();
    }
    return new Requests(ok, failed, dropped, interrupted);
  }

  /**
   * Why the run only failed, in a line ({@code every request failed: connect refused …}), or null
   * when some request ended ok or none failed.
   */
  public String onlyFailed() {
    Requests all = requests();
    if (all.ok() > 0 || all.failed() == 0) {
      return null;
    }
    if (failures == null || failures.isEmpty()) {
      return "every request failed (" + all.failed() + ")";
    }
    Failure first = failures.get(0);
    String more = failures.size() > 1 ? " (and " + (failures.size() - 1) + " other class(es))" : "";
    return "every request failed ("
        + all.failed()
        + "): "
        + first.errorClass()
        + (first.detail() == null || first.detail().isEmpty() ? "" : ": " + first.detail())
        + more;
  }

  public Summary withGenerator(Generator health) {
    return new Summary(
        run, status, stages, health, sweep, saturation, rounds, search, scale, failures);
  }

  public Summary withSweep(Sweep levels) {
    return new Summary(
        run, status, stages, generator, levels, saturation, rounds, search, scale, failures);
  }

  public Summary withSaturation(Saturation found) {
    return new Summary(
        run, status, stages, generator, sweep, found, rounds, search, scale, failures);
  }

  public Summary withRounds(List<ModelRound> comparison) {
    return new Summary(
        run, status, stages, generator, sweep, saturation, comparison, search, scale, failures);
  }

  public Summary withSearch(Search steps) {
    return new Summary(
        run, status, stages, generator, sweep, saturation, rounds, steps, scale, failures);
  }

  public Summary withScale(Scale study) {
    return new Summary(
        run, status, stages, generator, sweep, saturation, rounds, search, study, failures);
  }

  /**
   * A many-model scale study: how many models were created and became ready, the distributions of
   * time-to-ready (creation to ready) and of validation latency (e2e of the validation requests),
   * the readiness curve, and each model's times. Times in seconds from the run's start.
   */
  public record Scale(
      int models,
      int created,
      int ready,
      int notReady,
      Spread timeToReadyS,
      Spread validationS,
      List<CurvePoint> curve,
      List<ModelReadiness> perModel,
      String verdict) {}

  /**
   * Six numbers of a distribution: quartiles linearly interpolated between order statistics (as R's
   * and numpy's default); from a histogram, its value at those ranks. Null fields when empty.
   */
  public record Spread(
      long count, Double min, Double q1, Double median, Double q3, Double p90, Double max) {}

  /** The readiness curve: at {@code atS}, how many models had been created and were ready. */
  public record CurvePoint(double atS, int created, int ready) {}

  /** One model: when it was created and ready (null if never), and why not, when it failed. */
  public record ModelReadiness(
      String model, Double createdS, Double readyS, Double timeToReadyS, String error) {}

  /**
   * The steps of a run whose levels the coordinator chose as it went, in order.
   *
   * @param kind {@code bisect} (a saturation search by bisection), {@code feedback}, or {@code
   *     capacity} (model copies loaded one by one)
   * @param chosen the step the search settled on (bisect: the highest level that held; feedback:
   *     the last step that held, else the closest to the target), null while there is none
   * @param verdict the finding in words
   */
  public record Search(String kind, List<SearchStep> steps, SearchStep chosen, String verdict) {}

  /**
   * One step: the users chosen for it, what it read (feedback: the query's value; capacity: the
   * memory reading; null for a bisection), its throughput, and whether it held (bisect: every
   * limit; feedback: the target within tolerance; capacity: memory under the limit and no model
   * unloaded).
   *
   * @param models capacity: how many models (from the start of the plan's list) the step spread
   *     over; null otherwise
   */
  public record SearchStep(
      String stage,
      int users,
      Double value,
      double requestsPerS,
      double outputTokensPerS,
      boolean held,
      Integer models) {

    /** A step over every model. */
    public SearchStep(
        String stage,
        int users,
        Double value,
        double requestsPerS,
        double outputTokensPerS,
        boolean held) {
      this(stage, users, value, requestsPerS, outputTokensPerS, held, null);
    }
  }

  /**
   * One model of multi-model rounds: its figures while every model was queried at once, alone, and
   * the change (concurrent / alone − 1: +0.25 is 25% slower or more tokens/s).
   */
  public record ModelRound(
      String model, RoundFigures concurrent, RoundFigures alone, RoundFigures change) {}

  /** Medians in seconds and output tokens/s; null where there were no samples. */
  public record RoundFigures(
      Double ttftP50, Double tpotP50, Double e2eP50, Double outputTokensPerS) {}

  /**
   * A saturation search's finding: the last level that held every limit and the first that broke
   * one (null while none did), the limits it broke, and its first failed request.
   */
  public record Saturation(
      String heldStage,
      Double heldLevel,
      String failedStage,
      Double failedLevel,
      List<String> broken,
      FirstError firstError,
      String verdict) {}

  /**
   * One error class over the run, most frequent first: how many requests failed with it and its
   * first failure (the stage, model and what the agent saw; when, in epoch µs). {@code detail} is
   * null when no agent sent it (a run read back from before this was kept).
   */
  public record Failure(
      String errorClass, long count, String stage, String model, String detail, Long atUs) {}

  /** The first failed request of a stage: its class, what the agent saw, and when (epoch µs). */
  public record FirstError(
      String stage, String model, String errorClass, String detail, long atUs) {}

  /**
   * A sweep's levels in order with the throughput each reached, and the knee: the level past which
   * throughput stops growing with the load.
   *
   * @param throughput which throughput is compared: {@code outputTokensPerS}, or {@code
   *     requestsPerS} when no tokens were generated
   * @param knee the stage of the knee, or null when throughput still grows at the last level
   * @param verdict the finding in words
   */
  public record Sweep(String throughput, List<SweepLevel> levels, String knee, String verdict) {}

  /**
   * @param gainToNext the growth of throughput to the next level relative to the growth of the
   *     level itself (1: proportional; 0: none); null at the last level
   */
  public record SweepLevel(
      String stage,
      double level,
      double requestsPerS,
      double outputTokensPerS,
      double goodputPerS,
      Double gainToNext) {}

  /**
   * Whether the load generator kept up. {@code verdict} is {@code ok}, {@code stalls} (brief stalls
   * of an event loop, a JIT or GC pause: the requests they touched are counted, the run's other
   * figures stand) or {@code saturated} (an agent could not keep up for a sustained stretch: its
   * latencies measure the generator as much as the model); {@code reason} says why in a line.
   * {@code saturated} is true only for the last.
   */
  public record Generator(
      boolean saturated, String verdict, String reason, List<AgentHealth> agents) {
    public static final String OK = "ok";
    public static final String STALLS = "stalls";
    public static final String SATURATED = "saturated";
  }

  /**
   * One agent over the run: its process's CPU at most (0..1 of all its cores, JIT and GC included),
   * its busiest load thread's CPU at most (0..1 of one core), its event loops' worst delay, the
   * intervals that were over a limit, its verdict, and its brief stalls.
   */
  public record AgentHealth(
      String id,
      double cpuMax,
      double loadCpuMax,
      double loopDelayMaxMs,
      long saturatedIntervals,
      String verdict,
      List<Stall> stalls) {}

  /**
   * An interval {@code atS} seconds into the run whose event loop was {@code delayMs} late (or
   * whose load thread was over the CPU limit), with the requests it touched: in flight when it
   * caught up (open loop), or the users (closed loop), in flight or held past their think time.
   */
  public record Stall(double atS, double delayMs, double loadCpu, long requests) {}

  /**
   * @param slices each slice's figures over the stage's models, by name (none without slices)
   * @param turns each session turn's figures over the stage's models, by turn (from 1; none without
   *     sessions)
   */
  public record Stage(String name, List<Row> models, Row all, List<Part> slices, List<Part> turns) {
    /** A summary written before slices and turns has neither: both are empty, never null. */
    public Stage {
      slices = slices == null ? List.of() : slices;
      turns = turns == null ? List.of() : turns;
    }

    public Stage(String name, List<Row> models, Row all) {
      this(name, models, all, List.of(), List.of());
    }
  }

  /** A part of a stage kept apart (a slice, a turn): its name and its figures over the models. */
  public record Part(String name, Row all) {}

  /**
   * One model's figures in a stage, or all models together (model {@code *}).
   *
   * @param outOfRange latency values over the histograms' highest trackable value (one hour),
   *     recorded as that value
   * @param backoffs closed-loop waits after a request that failed at once (10 ms doubling to 1 s)
   * @param reasoningTokens output tokens spent reasoning (part of {@code outputTokens})
   * @param cachedTokens prompt tokens the server found in its prefix cache
   * @param cacheHitRatio cached prompt tokens over the prompt tokens of the requests whose server
   *     said its cached tokens; null when none did
   */
  public record Row(
      String model,
      Requests requests,
      Map<String, Long> errors,
      Map<String, LatencyStats> latency,
      Throughput throughput,
      double goodputPerS,
      CostFigures cost,
      String tokenSource,
      long outputTokens,
      long promptTokens,
      double windowS,
      long outOfRange,
      long backoffs,
      long reasoningTokens,
      long cachedTokens,
      Double cacheHitRatio) {}

  /**
   * @param interrupted still in flight at the run's graceful stop, cut then: neither ok nor failed
   */
  public record Requests(long ok, long failed, long dropped, long interrupted) {}

  public record Throughput(double requestsPerS, double outputTokensPerS, double totalTokensPerS) {}

  /** Null fields when nothing was generated. */
  public record CostFigures(Double usdPerMillionTokens, Double minutesPerMillionTokens) {}
}
