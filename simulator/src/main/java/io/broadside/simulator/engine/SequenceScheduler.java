package io.broadside.simulator.engine;

/**
 * Runs sequences on an engine in real time: what request handlers see of the engine. Implemented by
 * the server's timer-driven driver; called on the thread that owns the engine only.
 */
public interface SequenceScheduler {

  /** Queues a sequence arriving now and returns its id; {@code sink} hears its tokens. */
  long submit(int promptTokens, int maxTokens, TokenSink sink);

  /** Drops a sequence (its client went away); unknown or finished ids are ignored. */
  void cancel(long id);
}
