package io.broadside.simulator.fault;

import io.broadside.simulator.config.Faults;
import java.util.Random;

/**
 * Draws one {@link Fault} per request of one family from a seeded {@link Random}, so a seed and an
 * arrival order give the same faults. Owned by the simulator's context.
 */
public final class FaultInjector {
  private final Faults faults;
  private final Random random;

  public FaultInjector(Faults faults, long seed) {
    this.faults = faults;
    this.random = new Random(seed);
  }

  /** The fault of the next request, in arrival order. */
  public Fault next() {
    if (faults.errorRate() + faults.malformedRate() + faults.dropRate() + faults.throttleRate()
        == 0) {
      return Fault.NONE;
    }
    double u = random.nextDouble();
    if ((u -= faults.errorRate()) < 0) {
      return Fault.ERROR;
    }
    if ((u -= faults.malformedRate()) < 0) {
      return Fault.MALFORMED;
    }
    if ((u -= faults.dropRate()) < 0) {
      return Fault.DROP;
    }
    if ((u -= faults.throttleRate()) < 0) {
      return Fault.THROTTLE;
    }
    return Fault.NONE;
  }

  /** After how many streamed events a keep-alive goes out, 0 for never. */
  public int keepAliveEvery() {
    return faults.keepAliveEvery();
  }
}
