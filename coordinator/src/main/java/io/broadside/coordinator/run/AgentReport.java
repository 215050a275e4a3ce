package io.broadside.coordinator.run;

/** One agent's part in a run, for run.json: its requests, and when it first fired (our clock). */
public record AgentReport(
    String id, String host, int cores, long ok, long failed, long startedUs) {}
