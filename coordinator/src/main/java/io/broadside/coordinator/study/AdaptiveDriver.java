package io.broadside.coordinator.study;

import io.broadside.common.plan.AdaptiveSteps;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunStatus;
import io.broadside.coordinator.run.StudyContext;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/**
 * Drives a run whose levels are chosen as it goes ({@link AdaptiveSteps}): after each measured
 * step, once its last interval has arrived, asks its study to judge it, and tells the agents the
 * next step's users during the next step's lead-in; when the search is over, completes the run. The
 * judging is the study's (a bisection, a feedback loop, a capacity search); the timing is this.
 * Runs on the coordinator's context, in its {@link StudyContext#time()}.
 */
final class AdaptiveDriver {
  private static final Logger LOG = Logger.getLogger(AdaptiveDriver.class.getName());

  /** A study's judgment of step {@code n} (measured as {@code stage}, ended at {@code endUs}). */
  interface Judge {
    void judge(int n, String stage, long endUs, Summary.Stage row);
  }

  private final StudyContext context;
  private final SearchState search;
  private final Duration duration;
  private final Duration warmup;
  private final int maxSteps;
  private final long intervalUs;
  private Judge judge;
  private int users;

  AdaptiveDriver(
      StudyContext context,
      SearchState search,
      Duration duration,
      Duration warmup,
      int maxSteps,
      int users) {
    this.context = context;
    this.search = search;
    this.duration = duration;
    this.warmup = warmup;
    this.maxSteps = maxSteps;
    this.users = users;
    this.intervalUs = context.snapshotInterval().toNanos() / 1000;
  }

  /** Starts with step 1 of a run that has just been told to start. */
  void start(Judge judge) {
    this.judge = judge;
    schedule(1);
  }

  Run run() {
    return context.run();
  }

  /** The users of the step being judged. */
  int users() {
    return users;
  }

  int maxSteps() {
    return maxSteps;
  }

  /**
   * Judges step {@code n} once the snapshot of the interval holding its end has arrived: at the
   * first interval boundary from its end, plus a margin for delivery (half an interval, at most 300
   * ms). Steps and lead-ins that are whole intervals long are judged soonest.
   */
  private void schedule(int n) {
    Run run = context.run();
    long endOffsetUs = AdaptiveSteps.stepEnd(n, duration, warmup).toNanos() / 1000;
    long boundaryUs = (endOffsetUs + intervalUs - 1) / intervalUs * intervalUs;
    long judgeUs = run.startUs() + boundaryUs + Math.min(intervalUs / 2, 300_000);
    long waitMs = (judgeUs - context.time().nowUs()) / 1000;
    long endUs = run.startUs() + endOffsetUs;
    context.time().after(Math.max(1, waitMs), () -> judge(n, endUs));
  }

  /** Whether the run still goes and the search may act. */
  boolean live() {
    Run run = context.run();
    return run.status() == RunStatus.RUNNING && !run.stopRequested();
  }

  private void judge(int n, long endUs) {
    if (!live()) {
      return;
    }
    String stage = AdaptiveSteps.step(n);
    judge.judge(n, stage, endUs, context.run().stageRow(stage));
  }

  /** Records a judged step. */
  void record(Summary.SearchStep step, List<String> broken) {
    search.record(step, broken);
    java.util.Map<String, Object> event = new java.util.LinkedHashMap<>();
    event.put("stage", step.stage());
    event.put("users", step.users());
    event.put("models", step.models());
    event.put("value", step.value());
    event.put("requestsPerS", step.requestsPerS());
    event.put("outputTokensPerS", step.outputTokensPerS());
    event.put("held", step.held());
    event.put("broken", broken);
    event.put(
        "line",
        step.stage()
            + ": "
            + step.users()
            + " users"
            + (step.models() == null ? "" : ", " + step.models() + " models")
            + String.format(
                java.util.Locale.ROOT,
                ", %.1f req/s, %.1f tok/s: ",
                step.requestsPerS(),
                step.outputTokensPerS())
            + (step.held() ? "held" : "broke " + String.join(", ", broken)));
    context.run().events().add(io.broadside.coordinator.run.RunEvents.STEP, event);
  }

  /** Step {@code n + 1} runs {@code next} users, or the search is over when {@code next < 0}. */
  void proceed(int n, int next) {
    Run run = context.run();
    if (next < 0 || n >= maxSteps) {
      search.end();
      String verdict = verdict();
      LOG.info("run " + run.id() + ": search over after " + n + " steps: " + verdict);
      run.completeEarly(verdict);
      return;
    }
    users = next;
    run.agents().setLevel(AdaptiveSteps.leadInIndex(n + 1), next, 0, 0);
    schedule(n + 1);
  }

  /** Step {@code n + 1} runs the same users over the first {@code models} models. */
  void widen(int n, int models) {
    context.run().agents().setLevel(AdaptiveSteps.leadInIndex(n + 1), users, models, 0);
    schedule(n + 1);
  }

  /** The search is over but the run goes on (a capacity search's mix). */
  void endSearch() {
    search.end();
    LOG.info("run " + context.run().id() + ": " + verdict());
  }

  /** The search's finding in words, as the summary has it now. */
  String verdict() {
    Summary now = context.run().summary();
    return now.search() == null ? "" : now.search().verdict();
  }

  /** Fails the run with a reason. */
  void fail(String why) {
    context.fail().accept(why);
  }

  static double requestsPerS(Summary.Stage row) {
    return row == null ? 0 : row.all().throughput().requestsPerS();
  }

  static double tokensPerS(Summary.Stage row) {
    return row == null ? 0 : row.all().throughput().outputTokensPerS();
  }
}
