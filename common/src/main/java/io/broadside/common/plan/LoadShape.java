package io.broadside.common.plan;

import java.time.Duration;
import java.util.List;

/**
 * The one shape of a plan's load. Sealed so that each executor handles every shape; new shapes
 * (feedback) are added as new permitted records.
 */
public sealed interface LoadShape
    permits Stages, Sweep, Burst, Count, Trace, Saturate, Rounds, Feedback, Scale, Capacity {

  /**
   * What to do for each shape: {@link #match} calls the one method for this shape. Adding a shape
   * adds a method here, so every place that handles shapes fails to compile until it handles the
   * new one (the exhaustive switch of Java 17).
   */
  interface Cases<R> {
    R stages(Stages stages);

    R sweep(Sweep sweep);

    R burst(Burst burst);

    R count(Count count);

    R trace(Trace trace);

    R saturate(Saturate saturate);

    R rounds(Rounds rounds);

    R feedback(Feedback feedback);

    R scale(Scale scale);

    R capacity(Capacity capacity);
  }

  /** Calls the method of {@code cases} for this shape. */
  <R> R match(Cases<R> cases);

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
