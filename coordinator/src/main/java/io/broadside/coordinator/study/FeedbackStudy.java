package io.broadside.coordinator.study;

import io.broadside.common.plan.Feedback;
import io.broadside.common.summary.FeedbackControl;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.Study;
import io.broadside.coordinator.run.StudyContext;
import java.util.List;

/**
 * Utilization-aware load: at each step's end a PromQL query is read, and the next step's users are
 * scaled toward the target until it holds.
 */
final class FeedbackStudy implements Study, AdaptiveDriver.Judge {
  private final Feedback feedback;
  private final SearchState state = new SearchState();
  private StudyContext context;
  private AdaptiveDriver driver;

  FeedbackStudy(Feedback feedback) {
    this.feedback = feedback;
  }

  @Override
  public void start(StudyContext context) {
    this.context = context;
    driver =
        new AdaptiveDriver(
            context,
            state,
            feedback.duration(),
            feedback.warmup(),
            feedback.steps(),
            feedback.from());
    driver.start(this);
  }

  @Override
  public void judge(int n, String stage, long endUs, Summary.Stage row) {
    double rps = AdaptiveDriver.requestsPerS(row);
    double tps = AdaptiveDriver.tokensPerS(row);
    context
        .prometheus()
        .value(feedback.prometheus(), feedback.queryText(), endUs / 1e6)
        .onComplete(
            ar -> {
              if (!driver.live()) {
                return;
              }
              if (ar.failed()) {
                driver.fail("feedback query failed at " + stage + ": " + ar.cause().getMessage());
                return;
              }
              double value = ar.result();
              driver.record(
                  new Summary.SearchStep(
                      stage,
                      driver.users(),
                      value,
                      rps,
                      tps,
                      FeedbackControl.holds(feedback, value)),
                  List.of());
              driver.proceed(n, FeedbackControl.next(feedback, state.steps()));
            });
  }

  @Override
  public Summary summarize(Summary merged, Run run) {
    return state
        .reached(merged)
        .withSearch(FeedbackControl.search(feedback, state.summarized(merged), state.over()));
  }
}
