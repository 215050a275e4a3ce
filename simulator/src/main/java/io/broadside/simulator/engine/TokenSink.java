package io.broadside.simulator.engine;

/**
 * Receives the tokens of one sequence, in order, on the engine's thread. A sink may call back into
 * the engine (submit another sequence, cancel one) from {@link #onToken}.
 */
@FunctionalInterface
public interface TokenSink {

  /**
   * Token {@code index} (0-based) was produced by the step that ended at {@code emitNanos} on the
   * engine's timeline. When {@code last} is true the sequence has emitted all its tokens and left
   * the batch.
   */
  void onToken(int index, boolean last, long emitNanos);

  /**
   * The sequence left the queue for a batch slot after waiting {@code queuedNanos} on the engine's
   * timeline. Must not call back into the engine.
   */
  default void onAdmitted(long queuedNanos) {}
}
