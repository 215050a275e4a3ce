package io.broadside.coordinator.run;

import io.broadside.common.summary.Summary;

/**
 * What a run's load shape adds to it: what it decides while the run goes (a search's next step, a
 * level's verdict, creation hooks), its findings in the summary (a sweep's knee, a search's steps,
 * a scale study's times to ready), and the events only it cares about. One per load shape, holding
 * that run's state; the run and its manager know only this.
 */
public interface Study {
  /**
   * Where the plan names a command for the coordinator to run (a JSON path), or null when it names
   * none: such a plan needs a coordinator started with {@code --allow-hooks}.
   */
  default String hookPath() {
    return null;
  }

  /** The run has just been told to start: timers, hooks, a search. */
  default void start(StudyContext context) {}

  /** {@code merged} with this study's findings, as of now. */
  Summary summarize(Summary merged, Run run);

  /**
   * The study's progress in a line for the live line and REST (a scale study's counts), or null.
   */
  default String progress() {
    return null;
  }

  /** A model was seen ready at {@code atUs} (coordinator clock); only a scale study cares. */
  default void modelReady(String model, long atUs) {}
}
