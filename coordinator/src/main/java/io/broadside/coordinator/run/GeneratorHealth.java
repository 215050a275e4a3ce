package io.broadside.coordinator.run;

import io.broadside.common.summary.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One agent's generator health, interval by interval, and its verdict: did it keep up, stall
 * briefly, or saturate?
 *
 * <p>An interval is <em>over</em> when the busiest load thread used more than {@value #CPU_LIMIT}
 * of its core, or an event loop ran more than {@value #STALL_MS} ms late. The load threads' own CPU
 * is what tells saturation: the process's includes the JIT compiler's threads in the first seconds,
 * the GC and the control plane. The agent is <em>saturated</em> when it could not keep up for a
 * sustained stretch: its load thread over the limit for {@value #BUSY_S} s in a row, any limit
 * broken for {@value #OVER_S} s in a row, or limits broken in at least {@value
 * #OVER_SHARE_PERCENT}% of its intervals, {@value #OVER_S} s or more in all. Stretches are counted
 * in time (an interval lasts the snapshot interval, or its loop's delay when longer: a blocked lane
 * reports only once it runs again), so the verdict does not depend on the snapshot interval.
 * Otherwise each interval over is a <em>stall</em>: a JIT or GC pause taints the requests it
 * touched then, not the run.
 */
final class GeneratorHealth {
  static final double CPU_LIMIT = 0.85;
  static final long STALL_MS = 50;
  static final double BUSY_S = 2;
  static final double OVER_S = 3;
  static final int OVER_SHARE_PERCENT = 20;

  /** The snapshot interval, seconds. */
  private final double intervalS;

  /** By their time in the run: snapshots may arrive out of order (a resend after a reconnect). */
  private final List<Interval> intervals = new ArrayList<>();

  private double cpuMax;
  private double loadCpuMax;
  private long loopDelayMaxUs;
  private double cpuLast;
  private double loadCpuLast;
  private long loopDelayLastUs;

  GeneratorHealth(double intervalS) {
    this.intervalS = intervalS;
  }

  /** One interval's health, {@code atS} seconds into the run. */
  record Interval(double atS, double loadCpu, long loopDelayUs, long stallRequests) {
    boolean busy() {
      return loadCpu > CPU_LIMIT;
    }

    boolean over() {
      return busy() || loopDelayUs > STALL_MS * 1000;
    }
  }

  /**
   * An interval: the process's CPU (0..1 of all cores), the busiest load thread's (0..1 of one
   * core), the worst loop delay, and what a stall touched (requests in flight, or users).
   */
  void add(double atS, double processCpu, double loadCpu, long loopDelayUs, long stallRequests) {
    // nearly always last: walk back from the end
    int at = intervals.size();
    while (at > 0 && intervals.get(at - 1).atS() > atS) {
      at--;
    }
    intervals.add(at, new Interval(atS, loadCpu, loopDelayUs, stallRequests));
    cpuLast = processCpu;
    loadCpuLast = loadCpu;
    loopDelayLastUs = loopDelayUs;
    cpuMax = Math.max(cpuMax, processCpu);
    loadCpuMax = Math.max(loadCpuMax, loadCpu);
    loopDelayMaxUs = Math.max(loopDelayMaxUs, loopDelayUs);
  }

  double cpuLast() {
    return cpuLast;
  }

  double loadCpuLast() {
    return loadCpuLast;
  }

  long loopDelayLastUs() {
    return loopDelayLastUs;
  }

  /** Whether the agent could not keep up for a sustained stretch (see the class's rules). */
  boolean saturated() {
    double busyRunS = 0;
    double overRunS = 0;
    double overS = 0;
    int over = 0;
    for (Interval i : intervals) {
      // an interval lasts the snapshot interval, or longer when its loop was blocked longer (a
      // blocked lane reports its interval only once it runs again)
      double lastedS = Math.max(intervalS, i.loopDelayUs() / 1e6);
      busyRunS = i.busy() ? busyRunS + lastedS : 0;
      overRunS = i.over() ? overRunS + lastedS : 0;
      if (i.over()) {
        over++;
        overS += lastedS;
      }
      if (busyRunS >= BUSY_S - 1e-9 || overRunS >= OVER_S - 1e-9) {
        return true;
      }
    }
    return overS >= OVER_S - 1e-9 && over * 100 >= OVER_SHARE_PERCENT * intervals.size();
  }

  /** This agent over the run. */
  Summary.AgentHealth summary(String agentId) {
    List<Summary.Stall> stalls = new ArrayList<>();
    long overIntervals = 0;
    for (Interval i : intervals) {
      if (i.over()) {
        overIntervals++;
        stalls.add(
            new Summary.Stall(i.atS(), i.loopDelayUs() / 1000.0, i.loadCpu(), i.stallRequests()));
      }
    }
    boolean saturated = saturated();
    String verdict =
        saturated
            ? Summary.Generator.SATURATED
            : stalls.isEmpty() ? Summary.Generator.OK : Summary.Generator.STALLS;
    return new Summary.AgentHealth(
        agentId,
        cpuMax,
        loadCpuMax,
        loopDelayMaxUs / 1000.0,
        overIntervals,
        verdict,
        saturated ? List.of() : stalls);
  }

  /** The run's verdict over its agents' summaries, with its reason in a line. */
  static Summary.Generator verdict(List<Summary.AgentHealth> agents) {
    List<String> saturated = new ArrayList<>();
    List<String> stalled = new ArrayList<>();
    for (Summary.AgentHealth a : agents) {
      if (Summary.Generator.SATURATED.equals(a.verdict())) {
        saturated.add(
            String.format(
                Locale.ROOT,
                "agent %s's load thread was at up to %.0f%% CPU and its event loop up to %s late,"
                    + " over a limit in %d interval(s)",
                a.id(),
                a.loadCpuMax() * 100,
                millis(a.loopDelayMaxMs()),
                a.saturatedIntervals()));
      } else if (!a.stalls().isEmpty()) {
        for (Summary.Stall s : a.stalls()) {
          stalled.add(
              String.format(
                  Locale.ROOT,
                  "agent %s at %.0f s: %s (%d requests touched)",
                  a.id(),
                  s.atS(),
                  s.delayMs() > STALL_MS
                      ? "event loop " + millis(s.delayMs()) + " late"
                      : String.format(Locale.ROOT, "load thread at %.0f%% CPU", s.loadCpu() * 100),
                  s.requests()));
        }
      }
    }
    if (!saturated.isEmpty()) {
      return new Summary.Generator(
          true,
          Summary.Generator.SATURATED,
          String.join("; ", saturated)
              + ": the generator could not keep up, latencies measure it as much as the model",
          agents);
    }
    if (!stalled.isEmpty()) {
      return new Summary.Generator(
          false,
          Summary.Generator.STALLS,
          stalled.size()
              + " brief stall(s), not sustained: "
              + String.join("; ", stalled)
              + "; only the requests it touched include the stall",
          agents);
    }
    double load = agents.stream().mapToDouble(Summary.AgentHealth::loadCpuMax).max().orElse(0);
    double delay = agents.stream().mapToDouble(Summary.AgentHealth::loopDelayMaxMs).max().orElse(0);
    return new Summary.Generator(
        false,
        Summary.Generator.OK,
        String.format(
            Locale.ROOT,
            "kept up: load threads at up to %.0f%% CPU, event loops at most %s late",
            load * 100,
            millis(delay)),
        agents);
  }

  private static String millis(double ms) {
    return ms >= 1000
        ? String.format(Locale.ROOT, "%.2f s", ms / 1000)
        : String.format(Locale.ROOT, "%.1f ms", ms);
  }
}
