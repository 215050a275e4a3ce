package io.broadside.coordinator.study;

import io.broadside.common.plan.Bisect;
import io.broadside.common.plan.Saturate;
import io.broadside.common.summary.BisectSearch;
import io.broadside.common.summary.Summary;
import io.broadside.common.summary.ThresholdCheck;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.Study;
import io.broadside.coordinator.run.StudyContext;
import java.util.List;

/**
 * Saturation by bisection: users double while a level holds the limits, then the gap between held
 * and broken is halved; the coordinator chooses each step's users as the run goes.
 */
final class BisectSaturation implements Study, AdaptiveDriver.Judge {
  private final Saturate search;
  private final Bisect bisect;
  private final SearchState state = new SearchState();
  private AdaptiveDriver driver;

  BisectSaturation(Saturate search) {
    this.search = search;
    this.bisect = search.bisect();
  }

  @Override
  public void start(StudyContext context) {
    driver =
        new AdaptiveDriver(
            context, state, bisect.duration(), bisect.warmup(), bisect.maxSteps(), bisect.from());
    driver.start(this);
  }

  @Override
  public void judge(int n, String stage, long endUs, Summary.Stage row) {
    long ended = row == null ? 0 : row.all().requests().ok() + row.all().requests().failed();
    List<String> broken =
        ended == 0
            ? List.of("no request ended within the step")
            : ThresholdCheck.failures(search.limits(), row).stream()
                .map(ThresholdCheck.Failure::toString)
                .toList();
    driver.record(
        new Summary.SearchStep(
            stage,
            driver.users(),
            null,
            AdaptiveDriver.requestsPerS(row),
            AdaptiveDriver.tokensPerS(row),
            broken.isEmpty()),
        broken);
    driver.proceed(n, BisectSearch.next(bisect, state.steps()));
  }

  @Override
  public Summary summarize(Summary merged, Run run) {
    List<Summary.SearchStep> steps = state.summarized(merged);
    Summary.Saturation found =
        BisectSearch.finding(bisect, steps, state.broken(), run.firstErrors());
    return state
        .reached(merged)
        .withSaturation(found)
        .withSearch(BisectSearch.search(bisect, steps, found.verdict()));
  }
}
