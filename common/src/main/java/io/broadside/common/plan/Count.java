package io.broadside.common.plan;

import io.broadside.common.unit.Rate;
import java.time.Duration;
import java.util.List;

/**
 * Exactly {@code requests} requests across the cluster: from {@code users} closed-loop users, or
 * arriving at {@code rate} (open loop); the run ends when the last one ends, or at {@code
 * maxDuration}.
 */
public record Count(int requests, Integer users, Rate rate, Duration maxDuration)
    implements LoadShape {
  @Override
  public <R> R match(LoadShape.Cases<R> cases) {
    return cases.count(this);
  }

  @Override
  public List<Stage> timeline() {
    return List.of(new Stage("count", maxDuration, users, rate, null));
  }
}
