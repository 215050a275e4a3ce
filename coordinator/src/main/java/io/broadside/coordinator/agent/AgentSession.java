package io.broadside.coordinator.agent;

import io.broadside.protocol.v1.AgentMessage;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.Hello;
import io.vertx.grpc.server.GrpcServerResponse;

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
  private final GrpcServerResponse<AgentMessage, CoordinatorMessage> control;
  private State state = State.IDLE;
  private long lastHeartbeatUs;

  public AgentSession(
      Hello hello, GrpcServerResponse<AgentMessage, CoordinatorMessage> control, long nowUs) {
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

  public void send(CoordinatorMessage message) {
    control.write(message);
  }

  public State state() {
    return state;
  }

  public void state(State state) {
    this.state = state;
  }

  public long lastHeartbeatUs() {
    return lastHeartbeatUs;
  }

  public void heartbeat(long nowUs) {
    lastHeartbeatUs = nowUs;
  }
}
