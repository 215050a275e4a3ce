package io.broadside.common.plan;

/** A model served by the target; {@code weight} matters for {@link ModelChoice#WEIGHTED}. */
public record Model(String name, double weight) {}
