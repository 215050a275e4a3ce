package io.broadside.common.plan;

/** Open-loop arrival process: evenly spaced, or Poisson (exponential gaps), seeded. */
public enum Arrival {
  CONSTANT,
  POISSON
}
