package io.broadside.common.plan;

/**
 * Open-loop arrival process, seeded: evenly spaced; Poisson (exponential gaps); or gamma gaps whose
 * shape is the load's {@code burstiness} γ (γ = 1 is Poisson, larger is more regular, smaller is
 * burstier; the mean gap stays 1/rate), as vLLM's benchmark draws them.
 */
public enum Arrival {
  CONSTANT,
  POISSON,
  GAMMA
}
