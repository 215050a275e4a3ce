package io.broadside.common.plan;

import java.util.List;

/**
 * A saturation search: the levels are raised in order, each held like a sweep's; when a level
 * breaks a limit (aggregate gates such as {@code ttft.p99: 800ms} or {@code errorRate: 1%} over
 * that level) the search stops, and reports the last level that held and the first that broke.
 *
 * <p>Or by bisection ({@code search: bisect}, users only): the coordinator chooses each level from
 * the one before, see {@link Bisect}.
 *
 * @param steps the levels, as a sweep; null for a bisection
 * @param limits what a level must hold; errorRate 1% when the plan gives none
 * @param bisect null for the stepwise search
 */
public record Saturate(Sweep steps, Thresholds limits, Bisect bisect) implements LoadShape {
  @Override
  public <R> R match(LoadShape.Cases<R> cases) {
    return cases.saturate(this);
  }

  /** A stepwise search. */
  public Saturate(Sweep steps, Thresholds limits) {
    this(steps, limits, null);
  }

  @Override
  public List<Stage> timeline() {
    return bisect != null ? bisect.timeline() : steps.timeline();
  }
}
