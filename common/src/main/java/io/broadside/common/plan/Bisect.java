package io.broadside.common.plan;

import java.time.Duration;
import java.util.List;

/**
 * A saturation search by bisection over users: from {@code from}, double while the level holds (up
 * to {@code max}); once one breaks, halve the gap between the highest level that held and the
 * lowest that broke until it is at most {@code precision} users. Each level is one adaptive step
 * ({@link AdaptiveSteps}), chosen by the coordinator from the step before.
 */
public record Bisect(int from, int max, int precision, Duration duration, Duration warmup) {

  /** The most steps the search can take: the doublings to max, then the halvings of max. */
  public int maxSteps() {
    int doublings = 0;
    for (long level = from; level < max; level *= 2) {
      doublings++;
    }
    int halvings = 0;
    for (long gap = max; gap > precision; gap = (gap + 1) / 2) {
      halvings++;
    }
    return doublings + 1 + halvings;
  }

  public List<Stage> timeline() {
    return AdaptiveSteps.timeline(maxSteps(), from, duration, warmup);
  }
}
