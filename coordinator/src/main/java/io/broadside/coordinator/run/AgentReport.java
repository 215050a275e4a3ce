package io.broadside.coordinator.run;

import java.util.List;

/**
 * One agent's part in a run, for run.json: its requests, when it first fired (our clock), and the
 * gaps in its snapshots' arrival (a link down, a frozen process): seconds into the run.
 */
public record AgentReport(
    String id, String host, int cores, long ok, long failed, long startedUs, List<Gap> gaps) {

  /** No snapshot of the agent arrived from {@code fromS} to {@code toS} into the run. */
  public record Gap(double fromS, double toS) {}
}
