package io.broadside.coordinator.study;

import io.broadside.common.plan.Saturate;
import io.broadside.common.plan.Stage;
import io.broadside.common.summary.SaturationCheck;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunStatus;
import io.broadside.coordinator.run.Study;
import io.broadside.coordinator.run.StudyContext;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * A saturation search over the plan's levels in turn: each level is judged once its last interval
 * has arrived (two intervals after it ends); the first that breaks a limit completes the run.
 */
final class StepwiseSaturation implements Study {
  private static final Logger LOG = Logger.getLogger(StepwiseSaturation.class.getName());

  private final Saturate search;

  StepwiseSaturation(Saturate search) {
    this.search = search;
  }

  @Override
  public Summary summarize(Summary merged, Run run) {
    return merged.withSaturation(SaturationCheck.evaluate(search, merged, run.firstErrors()));
  }

  @Override
  public void start(StudyContext context) {
    long lagMs = 2 * context.snapshotInterval().toMillis();
    for (long endUs : levelEndsUs()) {
      context
          .time()
          .after(
              context.startDelay().toMillis() + endUs / 1000 + lagMs, () -> judge(context.run()));
    }
  }

  /** When a level broke a limit, every agent is told to stop and the run completes. */
  private static void judge(Run run) {
    if (run.status() != RunStatus.RUNNING || run.stopRequested()) {
      return;
    }
    Summary.Saturation found = run.summary().saturation();
    if (found == null || found.failedStage() == null) {
      return;
    }
    String why = "saturation found: " + found.verdict();
    run.completeEarly(why);
    LOG.info("run " + run.id() + ": " + why);
  }

  /** The end offsets (µs from the start) of the levels, in order. */
  private List<Long> levelEndsUs() {
    List<Long> ends = new ArrayList<>();
    long t = 0;
    for (Stage s : search.timeline()) {
      t += s.duration().toNanos() / 1000;
      if (s.measured()) {
        ends.add(t);
      }
    }
    return ends;
  }
}
