package io.broadside.common.plan;

import java.util.List;

/** Consecutive stages; the run lasts the sum of their durations. */
public record Stages(List<Stage> stages) implements LoadShape {
  @Override
  public <R> R match(LoadShape.Cases<R> cases) {
    return cases.stages(this);
  }

  public Stages {
    stages = List.copyOf(stages);
  }

  @Override
  public List<Stage> timeline() {
    return stages;
  }
}
