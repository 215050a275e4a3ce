package io.broadside.common.time;

/**
 * How far an agent's clock is from the coordinator's (agent minus coordinator, in microseconds):
 * the one place where a time crosses from one clock to the other.
 */
public record ClockOffset(long offsetUs) {
  /** A time of the coordinator's clock, told in the agent's. */
  public long toAgent(long coordinatorUs) {
    return coordinatorUs + offsetUs;
  }

  /** A time of the agent's clock, told in the coordinator's. */
  public long toCoordinator(long agentUs) {
    return agentUs - offsetUs;
  }
}
