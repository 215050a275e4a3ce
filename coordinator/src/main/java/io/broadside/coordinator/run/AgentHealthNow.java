package io.broadside.coordinator.run;

/**
 * One agent's generator health now: its process's CPU 0–1 of all cores, its busiest load thread's
 * 0–1 of one core, its worst event-loop delay in seconds, and its snapshot counts; {@code
 * saturated} when it could not keep up for a sustained stretch so far (see {@link
 * GeneratorHealth}).
 */
public record AgentHealthNow(
    String agent,
    String host,
    boolean saturated,
    double cpuRatio,
    double loadCpuRatio,
    double loopDelaySeconds,
    long resent,
    long late) {}
