package io.broadside.common.plan;

import java.time.Duration;
import java.util.List;

/**
 * {@code requests} requests sent at once across the cluster (open loop: a plan's {@code
 * maxConcurrency} still caps them), measured until the last one ends.
 */
public record Burst(int requests) implements LoadShape {
  @Override
  public <R> R match(LoadShape.Cases<R> cases) {
    return cases.burst(this);
  }

  @Override
  public List<Stage> timeline() {
    return List.of(new Stage("burst", Duration.ofSeconds(1), null, null, null));
  }
}
