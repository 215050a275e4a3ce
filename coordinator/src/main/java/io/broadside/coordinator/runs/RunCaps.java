package io.broadside.coordinator.runs;

import io.broadside.common.plan.PlanBundle;
import io.broadside.common.plan.PlanLimits;

/**
 * What a coordinator takes on: how much one plan may ask for, and how many runs may wait or go at
 * once (a submission beyond is refused with 429 until one ends).
 *
 * @param plan users, rate and durations per plan
 * @param maxQueuedRuns runs pending, preparing or running at once
 * @param bundle how many files and bytes a plan sent with its files may bring
 */
public record RunCaps(PlanLimits plan, int maxQueuedRuns, PlanBundle.Limits bundle) {
  public static final RunCaps DEFAULT = new RunCaps(PlanLimits.DEFAULT, 32);

  public RunCaps(PlanLimits plan, int maxQueuedRuns) {
    this(plan, maxQueuedRuns, PlanBundle.Limits.DEFAULT);
  }

  public RunCaps {
    if (maxQueuedRuns < 1) {
      throw new IllegalArgumentException("at least one run must be allowed");
    }
  }
}
