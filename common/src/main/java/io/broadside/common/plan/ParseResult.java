package io.broadside.common.plan;

import java.util.List;

/**
 * What {@link PlanParser} made of a plan: either a plan and no problems, or every problem found and
 * no plan.
 *
 * @param plan the plan; null exactly when {@code problems} is not empty
 * @param problems every problem found, in the order of the text; empty when the plan is valid
 * @param text the plan text as read (kept as the run's {@code plan.yaml}); null only when a plan
 *     file could not be read
 */
public record ParseResult(Plan plan, List<Problem> problems, String text) {
  public ParseResult {
    problems = List.copyOf(problems);
    if ((plan == null) == problems.isEmpty()) {
      throw new IllegalArgumentException("a result has either a plan or problems, not both");
    }
  }

  /** True when the plan is valid, so {@link #plan()} is not null. */
  public boolean ok() {
    return plan != null;
  }
}
