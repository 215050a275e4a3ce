package io.broadside.coordinator.study;

import io.broadside.common.plan.Sweep;
import io.broadside.common.summary.Summary;
import io.broadside.common.summary.SweepKnee;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.Study;

/** A sweep over levels: the summary marks the knee. */
final class SweepStudy implements Study {
  private final Sweep sweep;

  SweepStudy(Sweep sweep) {
    this.sweep = sweep;
  }

  @Override
  public Summary summarize(Summary merged, Run run) {
    return merged.withSweep(SweepKnee.find(sweep, merged));
  }
}
