package io.broadside.common.plan;

/** How each request picks its model from the plan's list. */
public enum ModelChoice {
  UNIFORM,
  WEIGHTED,
  ZIPF
}
