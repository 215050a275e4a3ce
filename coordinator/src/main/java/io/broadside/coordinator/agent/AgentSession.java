package io.broadside.coordinator.agent;

import io.broadside.common.time.ClockOffset;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.Hello;
import java.util.function.Consumer;

/** One connected agent: what it said in its hello, its control stream, its state. */
public final class AgentSession {
  /** What an agent is doing, as listed by {@code GET /api/v1/agents}. */
  public enum State {
    IDLE,
    PREPARING,
    RUNNING,
    LOST
  }

  private final Hello hello;
  private final Consumer<CoordinatorMessage> control;
  private State state = State.IDLE;
  private long lastHeartbeatUs;
  private long clockOffsetUs;
  private boolean connected = true;
  private long bestRttUs = Long.MAX_VALUE;

  /**
   * @param control writes to the agent's control stream (a test may collect the messages instead)
   */
  public AgentSession(Hello hello, Consumer<CoordinatorMessage> control, long nowUs) {
    this.hello = hello;
    this.control = control;
    this.lastHeartbeatUs = nowUs;
  }

  public String id() {
    return hello.getAgentId();
  }

  public Hello hello() {
    return hello;
  }

  /** The writer of this session's control stream. */
  public Consumer<CoordinatorMessage> control() {
    return control;
  }

  public void send(CoordinatorMessage message) {
    control.accept(message);
  }

  public State state() {
    return state;
  }

  public void state(State state) {
    this.state = state;
  }

  /** False once its control stream closed; a reconnecting agent gets a new session. */
  public boolean connected() {
    return connected;
  }

  public void disconnected() {
    connected = false;
    state = State.LOST;
  }

  public long lastHeartbeatUs() {
    return lastHeartbeatUs;
  }

  public void heartbeat(long nowUs) {
    lastHeartbeatUs = nowUs;
  }

  /**
   * Takes one ping-pong sample (NTP-style): the agent's clock read {@code agentUs} between our
   * {@code sentUs} and {@code receivedUs}. The sample with the lowest round trip wins.
   */
  public void clockSample(long sentUs, long agentUs, long receivedUs) {
    long rtt = receivedUs - sentUs;
    if (rtt >= 0 && rtt < bestRttUs) {
      bestRttUs = rtt;
      clockOffsetUs = agentUs - (sentUs + rtt / 2);
    }
  }

  /**
   * The agent's clock as best sampled so far (agent minus coordinator, 0 until sampled): how its
   * times convert to ours and back.
   */
  public ClockOffset clock() {
    return new ClockOffset(clockOffsetUs);
  }
}
