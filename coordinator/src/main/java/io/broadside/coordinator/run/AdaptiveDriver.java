package io.broadside.coordinator.run;

import io.broadside.common.metric.Counter;
import io.broadside.common.plan.AdaptiveSteps;
import io.broadside.common.plan.Bisect;
import io.broadside.common.plan.Capacity;
import io.broadside.common.plan.Feedback;
import io.broadside.common.plan.LoadShape;
import io.broadside.common.plan.Saturate;
import io.broadside.common.summary.BisectSearch;
import io.broadside.common.summary.CapacitySearch;
import io.broadside.common.summary.FeedbackControl;
import io.broadside.common.summary.Summary;
import io.broadside.common.summary.ThresholdCheck;
import io.broadside.common.time.MonoClock;
import io.broadside.coordinator.promql.PromQuery;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Drives a run whose levels are chosen as it goes ({@link AdaptiveSteps}): after each measured
 * step, once its last interval has arrived, judges it (a bisection: did it hold the limits; a
 * feedback loop: what the PromQL query read), chooses the next step's users and tells the agents
 * during the next step's lead-in; when the search is over, stops the run as completed. Runs on the
 * coordinator's context.
 */
final class AdaptiveDriver {
  private static final Logger LOG = Logger.getLogger(AdaptiveDriver.class.getName());

  private final Vertx vertx;
  private final Run run;
  private final PromQuery prom;
  private final Consumer<String> fail;
  private final Bisect bisect;
  private final Feedback feedback;
  private final Capacity capacity;

  /** A capacity search: the models that have answered warm in an earlier step. */
  private final boolean[] warm;

  private final Duration duration;
  private final Duration warmup;
  private final int maxSteps;
  private final long intervalUs;
  private int users;

  private AdaptiveDriver(
      Vertx vertx, Run run, Duration snapshotInterval, PromQuery prom, Consumer<String> fail) {
    this.vertx = vertx;
    this.run = run;
    this.prom = prom;
    this.fail = fail;
    LoadShape shape = run.plan().load().shape();
    this.bisect = shape instanceof Saturate s ? s.bisect() : null;
    this.feedback = shape instanceof Feedback f ? f : null;
    this.capacity = shape instanceof Capacity c ? c : null;
    this.warm = new boolean[run.plan().models().size()];
    if (capacity != null) {
      this.duration = capacity.step();
      this.warmup = capacity.warmup();
      this.maxSteps = capacity.maxModels();
      this.users = capacity.users();
    } else {
      this.duration = bisect != null ? bisect.duration() : feedback.duration();
      this.warmup = bisect != null ? bisect.warmup() : feedback.warmup();
      this.maxSteps = bisect != null ? bisect.maxSteps() : feedback.steps();
      this.users = bisect != null ? bisect.from() : feedback.from();
    }
    this.intervalUs = snapshotInterval.toNanos() / 1000;
  }

  /** Whether {@code shape} is driven step by step by the coordinator. */
  static boolean drives(LoadShape shape) {
    return shape instanceof Feedback
        || shape instanceof Capacity
        || (shape instanceof Saturate s && s.bisect() != null);
  }

  /**
   * Starts driving {@code run}, which has just been told to start.
   *
   * @param fail fails the run with a reason (a query that gives no number)
   */
  static void start(
      Vertx vertx, Run run, Duration snapshotInterval, PromQuery prom, Consumer<String> fail) {
    new AdaptiveDriver(vertx, run, snapshotInterval, prom, fail).schedule(1);
  }

  /**
   * Judges step {@code n} once the snapshot of the interval holding its end has arrived: at the
   * first interval boundary from its end, plus a margin for delivery (half an interval, at most 300
   * ms). Steps and lead-ins that are whole intervals long are judged soonest.
   */
  private void schedule(int n) {
    long endOffsetUs = AdaptiveSteps.stepEnd(n, duration, warmup).toNanos() / 1000;
    long boundaryUs = (endOffsetUs + intervalUs - 1) / intervalUs * intervalUs;
    long judgeUs = run.startUs() + boundaryUs + Math.min(intervalUs / 2, 300_000);
    long waitMs = (judgeUs - MonoClock.nowUs()) / 1000;
    long endUs = run.startUs() + endOffsetUs;
    vertx.setTimer(Math.max(1, waitMs), id -> judge(n, endUs));
  }

  private boolean live() {
    return run.status() == RunStatus.RUNNING && !run.stopRequested();
  }

  private void judge(int n, long endUs) {
    if (!live()) {
      return;
    }
    String stage = AdaptiveSteps.step(n);
    Summary.Stage row = run.stageRow(stage);
    double rps = row == null ? 0 : row.all().throughput().requestsPerS();
    double tps = row == null ? 0 : row.all().throughput().outputTokensPerS();
    if (bisect != null) {
      long ended = row == null ? 0 : row.all().requests().ok() + row.all().requests().failed();
      List<String> broken =
          ended == 0
              ? List.of("no request ended within the step")
              : ThresholdCheck.failures(((Saturate) run.plan().load().shape()).limits(), row)
                  .stream()
                  .map(ThresholdCheck.Failure::toString)
                  .toList();
      run.recordStep(
          new Summary.SearchStep(stage, users, null, rps, tps, broken.isEmpty()), broken);
      proceed(n, BisectSearch.next(bisect, run.searchSteps()));
      return;
    }
    if (capacity != null) {
      memory(endUs)
          .onComplete(
              ar -> {
                if (!live()) {
                  return;
                }
                if (ar.failed()) {
                  fail.accept("memory reading failed at " + stage + ": " + ar.cause().getMessage());
                  return;
                }
                judgeCapacity(n, stage, ar.result(), rps, tps);
              });
      return;
    }
    String query = feedback.queryText();
    prom.value(feedback.prometheus(), query, endUs / 1e6)
        .onComplete(
            ar -> {
              if (!live()) {
                return;
              }
              if (ar.failed()) {
                fail.accept("feedback query failed at " + stage + ": " + ar.cause().getMessage());
                return;
              }
              double value = ar.result();
              run.recordStep(
                  new Summary.SearchStep(
                      stage, users, value, rps, tps, FeedbackControl.holds(feedback, value)),
                  List.of());
              proceed(n, FeedbackControl.next(feedback, run.searchSteps()));
            });
  }

  /** The memory reading at {@code atUs}: a query, a hook's output, or null without either. */
  private io.vertx.core.Future<Double> memory(long atUs) {
    if (capacity.query() != null) {
      return prom.value(capacity.prometheus(), capacity.query(), atUs / 1e6);
    }
    if (capacity.hook() == null) {
      return io.vertx.core.Future.succeededFuture(null);
    }
    return vertx.executeBlocking(
        () -> {
          Commands.Result r = Commands.run(capacity.hook(), java.util.Map.of());
          if (r.failure() != null) {
            throw new IllegalStateException("the memory hook " + r.failure());
          }
          String first = r.output().isBlank() ? "" : r.output().strip().split("\\s+")[0];
          try {
            return Double.parseDouble(first);
          } catch (NumberFormatException e) {
            throw new IllegalStateException(
                "the memory hook must print a number, printed '" + r.output() + "'");
          }
        },
        false);
  }

  /**
   * Step {@code n} spread the users over the first n models: it held if memory stayed under the
   * limit and no model that had answered warm before answered cold again (it was unloaded).
   */
  private void judgeCapacity(int n, String stage, Double memory, double rps, double tps) {
    List<String> names = run.plan().models().stream().map(m -> m.name()).toList();
    boolean unloaded = false;
    for (int i = 0; i < n && i < names.size(); i++) {
      long cold = stepCount(n, stage, names.get(i), Counter.COLD_STARTS);
      unloaded |= warm[i] && cold > 0;
      warm[i] |= stepCount(n, stage, names.get(i), Counter.OK) > cold;
    }
    boolean full = capacity.limit() != null && memory != null && memory >= capacity.limit();
    run.recordStep(
        new Summary.SearchStep(stage, users, memory, rps, tps, !full && !unloaded, n), List.of());
    int fit = CapacitySearch.fit(capacity, run.searchSteps());
    if (fit < 0) {
      run.setLevel(AdaptiveSteps.leadInIndex(n + 1), users, n + 1, 0);
      schedule(n + 1);
      return;
    }
    // the search is over: a random mix over the models that fit, from now (or next, at the end)
    long jumpUs = n >= maxSteps ? 0 : MonoClock.nowUs() + 200_000;
    run.setLevel(capacity.mixIndex(), capacity.mixUsers(), fit, jumpUs);
    run.searchEnded();
    LOG.info("run " + run.id() + ": " + run.summaryVerdict());
  }

  /** A counter of {@code model} over step {@code n}: its lead-in and its measured stage. */
  private long stepCount(int n, String stage, String model, String counter) {
    return run.counter(AdaptiveSteps.leadIn(n), model, counter)
        + run.counter(stage, model, counter);
  }

  private void proceed(int n, int next) {
    if (next < 0 || n >= maxSteps) {
      run.searchEnded();
      String verdict = run.summaryVerdict();
      LOG.info("run " + run.id() + ": search over after " + n + " steps: " + verdict);
      run.endSearch(verdict);
      return;
    }
    users = next;
    run.setLevel(AdaptiveSteps.leadInIndex(n + 1), next, 0, 0);
    schedule(n + 1);
  }
}
