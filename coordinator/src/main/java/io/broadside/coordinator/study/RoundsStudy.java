package io.broadside.coordinator.study;

import io.broadside.common.plan.Rounds;
import io.broadside.common.summary.RoundsComparison;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.Study;

/** Multi-model rounds: the summary compares the rounds. */
final class RoundsStudy implements Study {
  private final Rounds rounds;

  RoundsStudy(Rounds rounds) {
    this.rounds = rounds;
  }

  @Override
  public Summary summarize(Summary merged, Run run) {
    return merged.withRounds(RoundsComparison.compare(rounds, merged));
  }
}
