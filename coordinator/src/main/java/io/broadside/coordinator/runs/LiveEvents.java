package io.broadside.coordinator.runs;

import io.broadside.common.plan.Stage;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.merge.Progress;
import io.broadside.coordinator.run.AgentHealthNow;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunEvents;
import io.broadside.coordinator.run.RunStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a live run's figures into its events ({@link RunEvents}) once per snapshot interval: the
 * progress (the only reader of {@link Run#progress()}, so the console, the REST stream and the
 * command line all see the same figures), a stage event when the run enters a stage, a failure
 * event for each error class's first failure, a step event when a study's line changes, and the
 * end. On the coordinator's context.
 */
final class LiveEvents {
  /** What was told of a run so far. */
  private static final class Told {
    int stage = -1;
    // the first failure of each error class, in the order seen
    final Map<String, Summary.FirstError> failures = new LinkedHashMap<>();
  }

  private final Map<String, Told> told = new HashMap<>();

  /** The events of one interval of a run that is waiting, preparing or running. */
  void tick(Run run) {
    Told t = told.computeIfAbsent(run.id(), id -> new Told());
    Progress p = run.progress();
    Phase phase = phase(run, p.elapsedS());
    if (phase.index() >= 0 && phase.index() != t.stage) {
      t.stage = phase.index();
      Map<String, Object> stage = new LinkedHashMap<>();
      stage.put("stage", phase.stage().name());
      stage.put("index", phase.index());
      stage.put("measured", phase.stage().measured());
      stage.put("elapsedS", round(p.elapsedS()));
      run.events().add(RunEvents.STAGE, stage);
    }
    for (Summary.FirstError e : p.newErrorClasses()) {
      t.failures.putIfAbsent(e.errorClass(), e);
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("errorClass", e.errorClass());
      f.put("message", e.detail());
      f.put("stage", e.stage());
      f.put("model", e.model());
      run.events().add(RunEvents.FAILURE, f);
    }
    run.events().add(RunEvents.PROGRESS, progress(run, p, phase, t));
  }

  /** The run ended and its files are written: the last event. */
  void ended(Run run) {
    told.remove(run.id());
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("status", run.status().wire());
    end.put("error", run.error());
    run.events().add(RunEvents.END, end);
  }

  private static Map<String, Object> progress(Run run, Progress p, Phase phase, Told t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", p.status());
    m.put("phase", phase.text());
    m.put("stage", phase.stage() == null ? null : phase.stage().name());
    m.put("stageIndex", phase.index() < 0 ? null : phase.index());
    m.put("stageRemainingS", phase.index() < 0 ? null : round(phase.remainingS()));
    m.put("elapsedS", round(p.elapsedS()));
    m.put("remainingS", round(p.remainingS()));
    m.put("activeUsers", p.activeUsers());
    double rate = run.agents().targetRate();
    m.put("targetRate", rate > 0 ? round(rate) : null);
    m.put("requestsPerS", round(p.requestsPerS()));
    m.put("tokensPerS", round(p.tokensPerS()));
    for (String metric : List.of("ttft", "tpot", "itl", "e2e")) {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("p50", p.p50(metric));
      q.put("p99", p.p99(metric));
      m.put(metric, q);
    }
    m.put("goodput", p.goodput() == null ? null : round(p.goodput()));
    m.put("errors", p.errors());
    m.put("errorsByClass", p.errorsByClass());
    m.put(
        "failures",
        t.failures.values().stream()
            .map(
                e -> {
                  Map<String, Object> f = new LinkedHashMap<>();
                  f.put("errorClass", e.errorClass());
                  f.put("count", p.errorsByClass().getOrDefault(e.errorClass(), 0L));
                  f.put("message", e.detail());
                  f.put("stage", e.stage());
                  f.put("model", e.model());
                  return f;
                })
            .toList());
    m.put(
        "agents",
        run.agents().health().stream()
            .map(
                (AgentHealthNow a) -> {
                  Map<String, Object> h = new LinkedHashMap<>();
                  h.put("id", a.agent());
                  h.put("host", a.host());
                  h.put("cpuRatio", round(a.cpuRatio()));
                  h.put("loopDelayMs", round(a.loopDelaySeconds() * 1000));
                  h.put("saturated", a.saturated());
                  return h;
                })
            .toList());
    m.put("study", p.study());
    return m;
  }

  /** Where a run is: its phase in words, and its stage with the time left in it. */
  record Phase(String text, Stage stage, int index, double remainingS) {}

  static Phase phase(Run run, double elapsedS) {
    RunStatus status = run.status();
    if (status == RunStatus.PENDING) {
      return new Phase("waiting for agents", null, -1, 0);
    }
    if (status == RunStatus.PREPARING) {
      return new Phase("preparing (agents read the plan and its files)", null, -1, 0);
    }
    if (status.ended()) {
      return new Phase(status.wire(), null, -1, 0);
    }
    if (run.startUs() == 0) {
      return new Phase("starting", null, -1, 0);
    }
    List<Stage> timeline = run.plan().load().shape().timeline();
    double at = 0;
    for (int i = 0; i < timeline.size(); i++) {
      Stage s = timeline.get(i);
      double end = at + s.duration().toMillis() / 1000.0;
      if (elapsedS < end) {
        String text = s.measured() ? "running stage " + s.name() : "warming up";
        return new Phase(text, s, i, end - elapsedS);
      }
      at = end;
    }
    return new Phase("draining (requests in flight finish)", null, -1, 0);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
