package io.broadside.agent.load;

import io.broadside.common.plan.Arrival;
import io.broadside.common.shard.WeightedDealer;
import java.util.Random;

/**
 * The one global sequence of open-loop arrival offsets (nanoseconds from the run's start) for a
 * seed: constant gaps of 1/rate, or exponential gaps (Poisson). Every agent and lane generates the
 * same sequence and keeps the arrivals dealt to it (by agent weight, then lane), so the merged
 * schedule equals the one-machine schedule. Not thread-safe.
 */
public final class ArrivalSchedule {
  private final StageTimeline timeline;
  private final Arrival arrival;
  private final double burstiness;
  private final long[] fixed;
  private final long limit;
  private long produced;
  private final Random random;
  private WeightedDealer agents;
  private final int agentIndex;
  private final int lanes;
  private final int lane;
  private long agentCount;
  private double[] pendingWeights;
  private long pendingFromNanos = Long.MAX_VALUE;
  private long t;
  private boolean done;
  private boolean started;

  /**
   * @param agentWeights every agent's capacity: arrivals are dealt to agents in proportion
   * @param agentIndex this agent
   * @param lanes this agent's lanes: its arrivals are dealt to them in turn
   * @param lane this lane
   */
  public ArrivalSchedule(
      StageTimeline timeline,
      Arrival arrival,
      double burstiness,
      long seed,
      double[] agentWeights,
      int agentIndex,
      int lanes,
      int lane) {
    this(timeline, arrival, burstiness, seed, agentWeights, agentIndex, lanes, lane, null, -1);
  }

  /**
   * @param fixed nullable: the global sequence as given (a burst's zeros, a trace's offsets)
   *     instead of one drawn from the timeline's rate
   * @param limit at most this many arrivals in all (a count), -1 for no limit
   */
  public ArrivalSchedule(
      StageTimeline timeline,
      Arrival arrival,
      double burstiness,
      long seed,
      double[] agentWeights,
      int agentIndex,
      int lanes,
      int lane,
      long[] fixed,
      long limit) {
    this.fixed = fixed;
    this.limit = limit;
    this.timeline = timeline;
    this.arrival = arrival;
    this.burstiness = burstiness;
    this.random = new Random(seed);
    this.agents = new WeightedDealer(agentWeights);
    this.agentIndex = agentIndex;
    this.lanes = lanes;
    this.lane = lane;
  }

  /**
   * From the first arrival at or after {@code fromNanos} (offset from the run's start) on, arrivals
   * are dealt by {@code weights}: every agent switches at the same arrival of the one sequence.
   */
  public void reshard(double[] weights, long fromNanos) {
    pendingWeights = weights.clone();
    pendingFromNanos = fromNanos;
  }

  /** The next arrival offset of this lane, or -1 when the run's arrivals are exhausted. */
  public long next() {
    while (true) {
      long offset = nextGlobal();
      if (offset < 0) {
        return -1;
      }
      if (pendingWeights != null && offset >= pendingFromNanos) {
        agents = new WeightedDealer(pendingWeights);
        pendingWeights = null;
      }
      if (agents.next() == agentIndex && agentCount++ % lanes == lane) {
        return offset;
      }
    }
  }

  /**
   * The next arrival of the global sequence: constant arrivals where the integrated rate reaches 0,
   * 1, 2, …; Poisson arrivals after exponential increments of it.
   */
  private long nextGlobal() {
    if (done || (limit >= 0 && produced >= limit)) {
      done = true;
      return -1;
    }
    if (fixed != null) {
      if (produced >= fixed.length) {
        done = true;
        return -1;
      }
      return fixed[(int) produced++];
    }
    double step =
        switch (arrival) {
          case POISSON -> -Math.log(1 - random.nextDouble());
          case GAMMA -> Gamma.draw(random, burstiness) / burstiness;
          case CONSTANT -> 1.0;
        };
    if (!started) {
      started = true;
      if (arrival == Arrival.CONSTANT) {
        step = 0;
      }
    }
    long next = timeline.advance(t, step);
    if (next < 0) {
      done = true;
      return -1;
    }
    t = next;
    produced++;
    return next;
  }
}
