package io.broadside.coordinator.study;

import io.broadside.common.plan.Burst;
import io.broadside.common.plan.Capacity;
import io.broadside.common.plan.Count;
import io.broadside.common.plan.Feedback;
import io.broadside.common.plan.LoadShape;
import io.broadside.common.plan.Plan;
import io.broadside.common.plan.Rounds;
import io.broadside.common.plan.Saturate;
import io.broadside.common.plan.Scale;
import io.broadside.common.plan.Stages;
import io.broadside.common.plan.Sweep;
import io.broadside.common.plan.Trace;
import io.broadside.coordinator.run.Study;

/** The one place that chooses a run's study by its load shape. */
public final class Studies {
  private Studies() {}

  /** A new study for a run of {@code plan} (a study holds that run's state). */
  public static Study of(Plan plan) {
    return plan.load()
        .shape()
        .match(
            new LoadShape.Cases<Study>() {
              @Override
              public Study stages(Stages stages) {
                return new FixedStudy();
              }

              @Override
              public Study sweep(Sweep sweep) {
                return new SweepStudy(sweep);
              }

              @Override
              public Study burst(Burst burst) {
                return new FixedStudy();
              }

              @Override
              public Study count(Count count) {
                return new FixedStudy();
              }

              @Override
              public Study trace(Trace trace) {
                return new FixedStudy();
              }

              @Override
              public Study saturate(Saturate saturate) {
                return saturate.bisect() == null
                    ? new StepwiseSaturation(saturate)
                    : new BisectSaturation(saturate);
              }

              @Override
              public Study rounds(Rounds rounds) {
                return new RoundsStudy(rounds);
              }

              @Override
              public Study feedback(Feedback feedback) {
                return new FeedbackStudy(feedback);
              }

              @Override
              public Study scale(Scale scale) {
                return new ReadinessStudy(scale);
              }

              @Override
              public Study capacity(Capacity capacity) {
                return new CapacityStudy(capacity);
              }
            });
  }
}
