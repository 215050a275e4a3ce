package io.broadside.coordinator.merge;

/**
 * Live figures of a run over the last interval merged, for a progress line.
 *
 * @param ttftP50 seconds, null without samples in the interval
 */
public record Progress(
    String status,
    double elapsedS,
    double remainingS,
    int activeUsers,
    double requestsPerS,
    double tokensPerS,
    Double ttftP50,
    Double ttftP99,
    long errors) {}
