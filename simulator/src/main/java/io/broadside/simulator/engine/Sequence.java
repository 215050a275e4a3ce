package io.broadside.simulator.engine;

/** One request inside the engine: mutable, owned by the engine's thread. */
final class Sequence {
  final long id;
  final int promptTokens;
  final int maxTokens;
  final TokenSink sink;
  final long submittedNanos;
  int emitted;
  boolean cancelled;

  Sequence(long id, int promptTokens, int maxTokens, TokenSink sink, long submittedNanos) {
    this.id = id;
    this.submittedNanos = submittedNanos;
    this.promptTokens = promptTokens;
    this.maxTokens = maxTokens;
    this.sink = sink;
  }

  boolean gone() {
    return cancelled || emitted >= maxTokens;
  }
}
