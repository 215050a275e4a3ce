package io.broadside.coordinator.run;

import io.broadside.common.metric.Counter;
import io.broadside.common.time.ClockOffset;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.Snapshot;
import java.util.TreeSet;

/** Per-agent delivery state: de-duplication by sequence, and the final flush. */
final class AgentProgress {
  AgentSession session;
  boolean ready;
  long contiguous;
  final TreeSet<Long> ahead = new TreeSet<>();
  long lastSequence = -1;
  boolean failed;
  int activeUsers;
  long okRequests;
  long failedRequests;
  long startedUs;
  private ClockOffset startClock;

  /** Lost for good (after its lease); what it sent is kept, it is waited for no more. */
  boolean lost;

  double targetRate;
  long resent;
  long late;

  /** Its generator health, interval by interval. */
  final GeneratorHealth health;

  /**
   * What a merged snapshot says of the agent: users, rate, health (its interval placed from the
   * run's start, {@code startUs} in our clock), and its requests.
   */
  // when its last snapshot arrived (coordinator clock), and the gaps between arrivals
  private long lastArrivalUs;

  final java.util.List<AgentReport.Gap> gaps = new java.util.ArrayList<>();

  /**
   * A snapshot of the agent arrived at {@code nowUs}: an arrival more than three intervals after
   * the one before marks a gap (at most 100 are kept).
   */
  void arrived(long nowUs, long runStartUs, long intervalUs) {
    if (lastArrivalUs > 0 && nowUs - lastArrivalUs > 3 * intervalUs && gaps.size() < 100) {
      gaps.add(new AgentReport.Gap((lastArrivalUs - runStartUs) / 1e6, (nowUs - runStartUs) / 1e6));
    }
    lastArrivalUs = Math.max(lastArrivalUs, nowUs);
  }

  void reported(Snapshot s, long startUs) {
    activeUsers = s.getActiveUsers();
    targetRate = s.getTargetRate();
    health.add(
        (clock().toCoordinator(s.getIntervalStartUs()) - startUs) / 1e6,
        s.getCpuRatio(),
        s.getLoadCpuRatio(),
        s.getLoopDelayMaxUs(),
        s.getStallRequests());
    for (CounterDelta c : s.getCountersList()) {
      if (c.getName().equals(Counter.OK)) {
        okRequests += c.getDelta();
      } else if (c.getName().equals(Counter.FAILED)) {
        failedRequests += c.getDelta();
      }
    }
  }

  /**
   * @param intervalS its snapshot interval in seconds
   */
  AgentProgress(AgentSession session, double intervalS) {
    this.session = session;
    this.health = new GeneratorHealth(intervalS);
  }

  /**
   * Takes a snapshot's sequence number: false when it was taken before (a resend after a reconnect
   * or a duplicate), so nothing is merged twice; sequences may arrive out of order.
   */
  boolean accept(long sequence) {
    if (sequence <= contiguous || !ahead.add(sequence)) {
      return false;
    }
    if (ahead.size() > 2 * MAX_AHEAD) {
      ahead.remove(sequence); // never reached: inWindow() keeps it bounded
      return false;
    }
    while (ahead.remove(contiguous + 1)) {
      contiguous++;
    }
    return true;
  }

  /**
   * Whether a snapshot's sequence lies within what an agent can have outstanding: its
   * unacknowledged buffer holds 3,600 snapshots, so one further ahead of the last contiguous one is
   * forged or corrupt, and keeping it would let the out-of-order set grow without bound.
   */
  boolean inWindow(long sequence) {
    return sequence > 0 && sequence <= contiguous + MAX_AHEAD;
  }

  /** How far past the last contiguous sequence a snapshot may be (2 × the agent's buffer). */
  static final long MAX_AHEAD = 7_200;

  boolean flushed() {
    return lost || (lastSequence >= 0 && contiguous >= lastSequence);
  }

  /**
   * The agent's clock: every conversion of this run's times goes through it. Fixed when the agent
   * is told the run's start: a later, better clock sample (or a reconnect's new session) refines
   * our estimate, not the agent's clock, and the run's start told in the agent's clock must stay
   * the instant the agent was given. Converted through a moved estimate, the first interval's lines
   * would start a few milliseconds before the histogram log's start, where log readers leave them
   * out.
   */
  ClockOffset clock() {
    return startClock != null ? startClock : session.clock();
  }

  /** Fixes the agent's clock as now estimated, for the rest of the run (see {@link #clock}). */
  ClockOffset fixClock() {
    if (startClock == null) {
      startClock = session.clock();
    }
    return startClock;
  }
}
