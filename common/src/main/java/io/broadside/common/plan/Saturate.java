package io.broadside.common.plan;

import java.util.List;

/**
 * A saturation search: the levels are raised in order, each held like a sweep's; when a level
 * breaks a limit (aggregate gates such as {@code ttft.p99: 800ms} or {@code errorRate: 1%} over
 * that level) the search stops, and reports the last level that held and the first that broke.
 *
 * @param steps the levels, as a sweep
 * @param limits what a level must hold; errorRate 1% when the plan gives none
 */
public record Saturate(Sweep steps, Thresholds limits) implements LoadShape {
  @Override
  public List<Stage> timeline() {
    return steps.timeline();
  }
}
