package io.broadside.coordinator.study;

import io.broadside.common.summary.Summary;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.Study;

/**
 * A load fixed by the plan (stages, a burst, a count, a trace): nothing is decided while it runs,
 * and the summary is the merge alone.
 */
final class FixedStudy implements Study {
  @Override
  public Summary summarize(Summary merged, Run run) {
    return merged;
  }
}
