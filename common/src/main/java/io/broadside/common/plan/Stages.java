package io.broadside.common.plan;

import java.time.Duration;
import java.util.List;

/** Consecutive stages; the run lasts the sum of their durations. */
public record Stages(List<Stage> stages) implements LoadShape {
  public Stages {
    stages = List.copyOf(stages);
  }

  public Duration totalDuration() {
    return stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
  }
}
