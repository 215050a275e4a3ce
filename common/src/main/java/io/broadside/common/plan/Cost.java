package io.broadside.common.plan;

/** The price of the serving instance, for cost per million tokens. */
public record Cost(double usdPerHour) {}
