package io.broadside.protocol;

import io.broadside.protocol.v1.AgentMessage;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.protocol.v1.Heartbeat;
import io.broadside.protocol.v1.Hello;
import io.broadside.protocol.v1.ModelReady;
import io.broadside.protocol.v1.Ping;
import io.broadside.protocol.v1.Pong;
import io.broadside.protocol.v1.Prepare;
import io.broadside.protocol.v1.Ready;
import io.broadside.protocol.v1.Reshard;
import io.broadside.protocol.v1.RunEnded;
import io.broadside.protocol.v1.SetLevel;
import io.broadside.protocol.v1.SnapshotAck;
import io.broadside.protocol.v1.StartAt;
import io.broadside.protocol.v1.Stop;
import io.broadside.protocol.v1.Welcome;
import java.util.List;

/**
 * Every message of the control stream, built in one place: what the coordinator tells an agent
 * ({@link CoordinatorMessage}) and what an agent tells the coordinator ({@link AgentMessage}).
 * Times are epoch microseconds in the clock of the side that receives them; the caller converts.
 */
public final class ControlMessages {
  private ControlMessages() {}

  // coordinator → agent

  /** The answer to a hello: accepted (with the session's epoch) or refused with a reason. */
  public static CoordinatorMessage welcome(boolean accepted, String reason, long epoch) {
    Welcome.Builder w =
        Welcome.newBuilder()
            .setAccepted(accepted)
            .setProtocolVersion(AgentServiceGrpc.PROTOCOL_VERSION);
    if (reason != null) {
      w.setReason(reason);
    }
    if (accepted) {
      w.setEpoch(epoch);
    }
    return CoordinatorMessage.newBuilder().setWelcome(w).build();
  }

  /**
   * A run's plan for the agent at {@code agentIndex}; {@code weights} are every agent's share of
   * the load, in order of index; {@code files} every file the plan names, by hash.
   */
  public static CoordinatorMessage prepare(
      String runId,
      String planText,
      int agentIndex,
      long snapshotIntervalMs,
      String planBaseDir,
      List<? extends Number> weights,
      List<io.broadside.protocol.v1.PlanFile> files) {
    Prepare.Builder p =
        Prepare.newBuilder()
            .setRunId(runId)
            .setPlanText(planText)
            .setAgentIndex(agentIndex)
            .setSnapshotIntervalMs((int) snapshotIntervalMs)
            .setPlanBaseDir(planBaseDir == null ? "" : planBaseDir);
    for (Number w : weights) {
      p.addWeights(w.doubleValue());
    }
    p.addAllFiles(files);
    return CoordinatorMessage.newBuilder().setPrepare(p).build();
  }

  /** Start firing at {@code startUs} (the agent's clock). */
  public static CoordinatorMessage startAt(String runId, long startUs) {
    return CoordinatorMessage.newBuilder()
        .setStartAt(StartAt.newBuilder().setRunId(runId).setStartUs(startUs))
        .build();
  }

  /** Stop firing, and why. */
  public static CoordinatorMessage stop(String runId, String reason) {
    return CoordinatorMessage.newBuilder()
        .setStop(Stop.newBuilder().setRunId(runId).setReason(reason))
        .build();
  }

  /** From {@code fromUs} (the agent's clock) the agents share the load by these weights. */
  public static CoordinatorMessage reshard(String runId, List<Double> weights, long fromUs) {
    return CoordinatorMessage.newBuilder()
        .setReshard(Reshard.newBuilder().setRunId(runId).addAllWeights(weights).setFromUs(fromUs))
        .build();
  }

  /**
   * An adaptive run's next level: {@code users} from timeline stage {@code stageIndex} on, over the
   * first {@code models} models (0: all); a jump to that stage at {@code jumpAtUs} (the agent's
   * clock; 0: no jump).
   */
  public static CoordinatorMessage setLevel(
      String runId, int stageIndex, int users, int models, long jumpAtUs) {
    return CoordinatorMessage.newBuilder()
        .setSetLevel(
            SetLevel.newBuilder()
                .setRunId(runId)
                .setStageIndex(stageIndex)
                .setUsers(users)
                .setModels(models)
                .setJumpAtUs(jumpAtUs))
        .build();
  }

  /** A clock sample: the agent answers with a pong carrying its own time. */
  public static CoordinatorMessage ping(long coordinatorUs) {
    return CoordinatorMessage.newBuilder()
        .setPing(Ping.newBuilder().setCoordinatorUs(coordinatorUs))
        .build();
  }

  /** A snapshot is merged and on disk: the agent may forget it. */
  public static SnapshotAck ack(String runId, long epoch, long sequence) {
    return SnapshotAck.newBuilder().setRunId(runId).setEpoch(epoch).setSequence(sequence).build();
  }

  // agent → coordinator

  public static AgentMessage hello(Hello hello) {
    return AgentMessage.newBuilder().setHello(hello).build();
  }

  public static Hello helloOf(String agentId, String host, int cores, int maxUsers) {
    return Hello.newBuilder()
        .setProtocolVersion(AgentServiceGrpc.PROTOCOL_VERSION)
        .setAgentId(agentId)
        .setHost(host)
        .setCores(cores)
        .setMaxUsers(maxUsers)
        .build();
  }

  /** The agent prepared run {@code runId} (or could not, and why). */
  public static AgentMessage ready(String runId, boolean ok, String error) {
    return AgentMessage.newBuilder()
        .setReady(Ready.newBuilder().setRunId(runId).setOk(ok).setError(error))
        .build();
  }

  /**
   * The agent stopped firing and sent every snapshot up to {@code lastSequence}; it first fired at
   * {@code startedUs} (0: never).
   */
  public static AgentMessage runEnded(
      String runId, long lastSequence, String error, long startedUs) {
    return AgentMessage.newBuilder()
        .setRunEnded(
            RunEnded.newBuilder()
                .setRunId(runId)
                .setLastSequence(lastSequence)
                .setFailed(error != null)
                .setError(error != null ? error : "")
                .setStartedUs(startedUs))
        .build();
  }

  /** A scale study's model answered ready at {@code readyUs} (the agent's clock). */
  public static AgentMessage modelReady(String runId, String model, long readyUs) {
    return AgentMessage.newBuilder()
        .setModelReady(ModelReady.newBuilder().setRunId(runId).setModel(model).setReadyUs(readyUs))
        .build();
  }

  /** The answer to a ping: the agent's clock when it was read. */
  public static AgentMessage pong(long coordinatorUs, long agentUs) {
    return AgentMessage.newBuilder()
        .setPong(Pong.newBuilder().setCoordinatorUs(coordinatorUs).setAgentUs(agentUs))
        .build();
  }

  /** The agent is alive, and which run it is in ("" for none). */
  public static AgentMessage heartbeat(long sentUs, String runId) {
    return AgentMessage.newBuilder()
        .setHeartbeat(Heartbeat.newBuilder().setSentUs(sentUs).setRunId(runId))
        .build();
  }
}
