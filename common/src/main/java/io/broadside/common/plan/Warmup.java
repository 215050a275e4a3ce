package io.broadside.common.plan;

/** Requests sent per model before the measured stages and left out of every result. */
public record Warmup(int requests) {}
