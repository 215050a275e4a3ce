package io.broadside.coordinator.run;

import io.broadside.common.plan.Cost;
import io.broadside.common.summary.RunAggregate;
import io.broadside.common.summary.Summary;
import io.broadside.common.summary.SummaryCalculator;
import java.util.List;

/** A run's merged figures as a summary, of all its measured stages or of some. */
final class Summarizer {
  private final String runId;
  private final List<String> modelNames;
  private final RunAggregate aggregate;
  private final Cost cost;

  Summarizer(String runId, List<String> modelNames, RunAggregate aggregate, Cost cost) {
    this.runId = runId;
    this.modelNames = modelNames;
    this.aggregate = aggregate;
    this.cost = cost;
  }

  /** The summary of {@code stages} as merged so far, with the run's status now. */
  Summary summary(RunStatus status, List<String> stages) {
    return SummaryCalculator.summarize(runId, status.wire(), stages, modelNames, aggregate, cost);
  }
}
