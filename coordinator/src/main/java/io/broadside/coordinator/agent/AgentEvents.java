package io.broadside.coordinator.agent;

import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.ModelReady;
import io.broadside.protocol.v1.RunEnded;
import io.vertx.core.Future;

/**
 * What the agents' streams tell the runs. The gateway calls it on the coordinator's context; the
 * run manager answers it.
 */
public interface AgentEvents {
  /** An agent joined, or came back: pending runs may start. */
  void agentsChanged();

  /** An agent came back within its lease: its runs talk to the new session. */
  void agentReconnected(AgentSession session);

  /** An agent's control stream closed. */
  void agentDisconnected(String agentId);

  /** An agent prepared a run, or could not and says why. */
  void ready(String agentId, String runId, boolean ok, String problem);

  /** An agent stopped firing. */
  void runEnded(String agentId, RunEnded ended);

  /** A scale study: an agent saw a model ready. */
  void modelReady(String agentId, ModelReady ready);

  /**
   * The file with hash {@code sha256} of run {@code runId}'s plan, when {@code agentId} takes part
   * in that run and the plan names such a file; null otherwise.
   */
  java.nio.file.Path planFile(String agentId, String runId, String sha256);

  /** A snapshot to merge; completes once what it added is on disk (then it is acknowledged). */
  Future<Void> snapshot(String agentId, SnapshotCodec.Decoded decoded);
}
