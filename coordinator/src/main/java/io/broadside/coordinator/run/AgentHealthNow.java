package io.broadside.coordinator.run;

/** One agent's generator health now: CPU 0–1, event-loop delay in seconds, snapshot counts. */
public record AgentHealthNow(
    String agent, double cpuRatio, double loopDelaySeconds, long resent, long late) {}
