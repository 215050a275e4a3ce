package io.broadside.common.plan;

import java.time.Duration;

/**
 * How load is offered.
 *
 * @param mode closed (users) or open (arrival rate)
 * @param arrival open mode only: the arrival process
 * @param maxConcurrency open mode only: at most this many requests in flight per run; 0 = no cap
 * @param overflow open mode only: what happens to an arrival when the cap is reached
 * @param thinkTime closed mode only: pause between a response and the user's next request
 * @param shape exactly one shape
 * @param burstiness gamma arrivals only: the shape γ of the gaps (1 = Poisson)
 */
public record Load(
    LoadMode mode,
    Arrival arrival,
    int maxConcurrency,
    Overflow overflow,
    Duration thinkTime,
    LoadShape shape,
    double burstiness,
    Duration gracefulStop) {

  /** How long requests in flight at a run's end may still finish, unless the plan says. */
  public static final Duration DEFAULT_GRACEFUL_STOP = Duration.ofSeconds(30);

  public Load(
      LoadMode mode,
      Arrival arrival,
      int maxConcurrency,
      Overflow overflow,
      Duration thinkTime,
      LoadShape shape,
      double burstiness) {
    this(
        mode,
        arrival,
        maxConcurrency,
        overflow,
        thinkTime,
        shape,
        burstiness,
        DEFAULT_GRACEFUL_STOP);
  }

  /** A load whose arrivals, if gamma, are Poisson-like (γ = 1). */
  public Load(
      LoadMode mode,
      Arrival arrival,
      int maxConcurrency,
      Overflow overflow,
      Duration thinkTime,
      LoadShape shape) {
    this(mode, arrival, maxConcurrency, overflow, thinkTime, shape, 1.0);
  }

  /**
   * The most users a closed loop's stages name, which every agent's {@code --max-users} must hold
   * between them; 0 for an open loop (arrivals, not users) or when levels are set as it runs.
   */
  public int peakUsers() {
    if (mode != LoadMode.CLOSED) {
      return 0;
    }
    int peak = 0;
    for (Stage s : shape.timeline()) {
      if (s.users() != null) {
        peak = Math.max(peak, s.users());
      }
    }
    return peak;
  }
}
