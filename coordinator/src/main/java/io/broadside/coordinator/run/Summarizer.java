package io.broadside.coordinator.run;

import io.broadside.common.plan.Cost;
import io.broadside.common.summary.Summary;
import io.broadside.common.summary.SummaryCalculator;
import io.broadside.coordinator.merge.SnapshotMerger;
import java.util.List;

/** A run's merged figures as a summary, of all its measured stages or of some. */
final class Summarizer {
  private final String runId;
  private final List<String> modelNames;
  private final SnapshotMerger merger;
  private final Cost cost;

  Summarizer(String runId, List<String> modelNames, SnapshotMerger merger, Cost cost) {
    this.runId = runId;
    this.modelNames = modelNames;
    this.merger = merger;
    this.cost = cost;
  }

  /** The summary of {@code stages} as merged so far, with the run's status now. */
  Summary summary(RunStatus status, List<String> stages) {
    return SummaryCalculator.summarize(
        runId, status.wire(), stages, modelNames, merger.aggregate(), cost, merger.firstByClass());
  }
}
