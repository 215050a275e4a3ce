package io.broadside.common.plan;

import java.time.Duration;
import java.util.List;

/**
 * The one shape of a plan's load. Sealed so that each executor handles every shape; new shapes
 * (feedback) are added as new permitted records.
 */
public sealed interface LoadShape
    permits Stages, Sweep, Burst, Count, Trace, Saturate, Rounds, Feedback, Scale, Capacity {

  /** The stages every agent runs, in order (a sweep's levels with their warmups). */
  List<Stage> timeline();

  /** The names of the stages the summary reports, in order. */
  default List<String> measuredStageNames() {
    return timeline().stream().filter(Stage::measured).map(Stage::name).toList();
  }

  /** The whole run: the sum of the timeline's durations. */
  default Duration totalDuration() {
    return timeline().stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
  }
}
