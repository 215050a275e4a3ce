package io.broadside.coordinator.result;

import io.broadside.coordinator.run.AgentReport;
import io.broadside.coordinator.run.Run;
import io.broadside.protocol.AgentServiceGrpc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content of run.json and of {@code GET /api/v1/runs/{id}} (without the live summary). */
public final class RunJson {
  private RunJson() {}

  public static Map<String, Object> of(Run run) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", run.id());
    m.put("name", run.plan().name());
    m.put("status", run.status().wire());
    m.put("error", run.error());
    m.put("tags", run.plan().tags());
    m.put("createdAt", time(run.createdUs()));
    m.put("startedAt", time(run.startUs()));
    m.put("endedAt", time(run.endUs()));
    m.put("plannedDurationS", run.plannedDuration().toMillis() / 1000.0);
    List<Map<String, Object>> agents = new ArrayList<>();
    for (AgentReport a : run.agents().reports()) {
      Map<String, Object> am = new LinkedHashMap<>();
      am.put("id", a.id());
      am.put("host", a.host());
      am.put("cores", a.cores());
      am.put("requests", Map.of("ok", a.ok(), "failed", a.failed()));
      am.put("startedAt", time(a.startedUs()));
      // stretches with no snapshot of it: its link was down or it was frozen
      am.put(
          "gaps",
          a.gaps().stream()
              .map(g -> Map.of("fromS", round(g.fromS()), "toS", round(g.toS())))
              .toList());
      agents.add(am);
    }
    m.put("agents", agents);
    // spread of the agents' actual first-fire times (clocks of one host, or offset-corrected)
    m.put("startSkewMs", run.agents().startSkewMs());
    m.put("graceTimeouts", run.graceTimeouts());
    m.put("degraded", !run.agents().lost().isEmpty());
    m.put("lostAgents", run.agents().lost());
    m.put("duplicateSnapshots", run.duplicates());
    // snapshots refused as not this run's: stages or models it lacks, sequences out of window
    m.put("rejectedSnapshots", run.rejected());
    m.put(
        "versions",
        Map.of(
            "broadside",
            io.broadside.common.Version.get(),
            "protocol",
            AgentServiceGrpc.PROTOCOL_VERSION));
    return m;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }

  private static String time(long epochUs) {
    return epochUs <= 0 ? null : Instant.ofEpochSecond(0, epochUs * 1000).toString();
  }
}
