package io.broadside.common.summary;

/** The (stage, model) cell that every series and counter belongs to. */
public record StageModel(String stage, String model) {}
