package io.broadside.agent.load;

import io.broadside.common.plan.Overflow;
import io.broadside.common.shard.Shares;

/**
 * What a lane does when, decided at times given to it ({@link System#nanoTime()} on the lane, a
 * virtual clock in tests): which open-loop arrivals are due, which stage a request falls in, how
 * many users the lane wants, when a reshard or a level set by the coordinator takes effect, when
 * the run is over, and whether an arrival over the concurrency cap is sent, queued or dropped. It
 * reads no clock and allocates nothing per decision. Not thread-safe: the lane's context only.
 */
final class LaneSchedule {
  /** What becomes of an open-loop arrival. */
  enum Admission {
    /** Under the cap: sent at once. */
    SEND,
    /** Over the cap, overflow {@code queue}: sent when a request ends. */
    QUEUE,
    /** Over the cap, overflow {@code drop}: counted as dropped, never sent. */
    DROP
  }

  private final StageTimeline timeline;
  private final int agentIndex;
  private final int lanes;
  private final int lane;
  private final int cap;
  private final Overflow overflow;

  /** The run's start ({@link System#nanoTime()}); 0 until it runs. */
  private long startNanos;

  private double[] weights;
  private double[] nextWeights;
  private long reshardAtNanos = Long.MAX_VALUE;

  /** Open loop: this lane's arrivals, and the offset of the next, -1 when exhausted. */
  private ArrivalSchedule arrivals;

  private long nextArrival = -1;

  /** Closed loop with a request count: what this lane may still send; -1 without a count. */
  private long budget = -1;

  /**
   * @param timeline this lane's own timeline: levels set by the coordinator change it
   * @param agentWeights every agent's capacity weight, by agent index
   * @param maxConcurrency the plan's cap on requests in flight, over all agents; 0 for none
   */
  LaneSchedule(
      StageTimeline timeline,
      double[] agentWeights,
      int agentIndex,
      int lanes,
      int lane,
      int maxConcurrency,
      Overflow overflow) {
    this.timeline = timeline;
    this.weights = agentWeights;
    this.agentIndex = agentIndex;
    this.lanes = lanes;
    this.lane = lane;
    this.cap =
        maxConcurrency > 0
            ? Shares.laneShare(maxConcurrency, agentWeights, agentIndex, lanes, lane)
            : Integer.MAX_VALUE;
    this.overflow = overflow;
  }

  StageTimeline timeline() {
    return timeline;
  }

  /** The run starts at {@code startNanos}: offsets count from there. */
  void start(long startNanos) {
    this.startNanos = startNanos;
  }

  /** The offset of {@code nanos} from the run's start. */
  long offset(long nanos) {
    return nanos - startNanos;
  }

  /** This lane's requests in flight at most (open loop); {@link Integer#MAX_VALUE} for no cap. */
  int cap() {
    return cap;
  }

  // ---- open loop

  /** The run is open-loop with these arrivals for this lane. */
  void arrivals(ArrivalSchedule schedule) {
    arrivals = schedule;
    nextArrival = schedule.next();
  }

  /**
   * Whether the next arrival is due at {@code offset}: arrivals due before the end still arrive,
   * however late the question is asked.
   */
  boolean arrivalDue(long offset) {
    return nextArrival >= 0 && nextArrival <= offset && nextArrival < timeline.totalNanos();
  }

  /** The intended time ({@link System#nanoTime()}) of the next arrival. */
  long dueArrival() {
    return startNanos + nextArrival;
  }

  /**
   * When the next arrival is due ({@link System#nanoTime()}), or -1 when none is left before the
   * end.
   */
  long nextArrivalNanos() {
    return nextArrival >= 0 && nextArrival < timeline.totalNanos() ? startNanos + nextArrival : -1;
  }

  /** The next arrival has arrived: on to the one after it. */
  void arrived() {
    nextArrival = arrivals.next();
  }

  /** Every arrival dealt to this lane has arrived, or the run is over at {@code offset}. */
  boolean arrivalsOver(long offset) {
    return nextArrival < 0 || offset >= timeline.totalNanos();
  }

  /** An arrival with {@code inFlight} requests of this lane in flight: sent, queued or dropped. */
  Admission admit(int inFlight) {
    if (inFlight < cap) {
      return Admission.SEND;
    }
    return overflow == Overflow.QUEUE ? Admission.QUEUE : Admission.DROP;
  }

  /** The stage of an arrival intended at {@code intended}: after the end, the last. */
  int stageOf(long intended) {
    int stage = timeline.stageAt(intended - startNanos);
    return stage < 0 ? timeline.stages().size() - 1 : stage;
  }

  // ---- closed loop

  /** The run is closed-loop with a request count: this lane's share of it. */
  void budget(long requests) {
    budget = requests;
  }

  /** This lane's share of the count is sent (never without a count). */
  boolean budgetSpent() {
    return budget == 0;
  }

  /** One request of the count is sent. */
  void spend() {
    if (budget > 0) {
      budget--;
    }
  }

  /** The stage of a request intended at {@code intended}, or -1 outside the run. */
  int stageAt(long intended) {
    return timeline.stageAt(intended - startNanos);
  }

  /** The run is over at {@code offset}. */
  boolean over(long offset) {
    return offset >= timeline.totalNanos();
  }

  /**
   * This lane's users at {@code offset}: its share of the level, by the agents' weights as of
   * {@code nowNanos} (a reshard due by then applies from now on).
   */
  int usersAt(long offset, long nowNanos) {
    if (nextWeights != null && nowNanos >= reshardAtNanos) {
      weights = nextWeights;
      nextWeights = null;
    }
    return Shares.laneShare(
        (int) Math.round(timeline.levelAt(offset)), weights, agentIndex, lanes, lane);
  }

  // ---- the coordinator's changes

  /** Nothing was dealt to this lane: no request of a count, no arrival. */
  boolean nothingDealt() {
    return budget == 0 || (arrivals != null && nextArrival < 0);
  }

  /**
   * An agent was lost: from {@code atNanos} this lane takes its share of the users, or of the
   * arrivals, by {@code newWeights}.
   */
  void reshard(double[] newWeights, long atNanos) {
    nextWeights = newWeights.clone();
    reshardAtNanos = atNanos;
    if (arrivals != null) {
      arrivals.reshard(newWeights, atNanos - startNanos);
    }
  }

  /**
   * Stage {@code index}'s level (and the first {@code models} models, 0: all) from that stage on;
   * with {@code jumpAtNanos} nonzero the run jumps to that stage then.
   */
  void setLevel(int index, double level, int models, long jumpAtNanos) {
    timeline.setLevel(index, level, models);
    if (jumpAtNanos != 0) {
      timeline.jump(index, jumpAtNanos - startNanos);
    }
  }
}
