package io.broadside.agent.record;

/**
 * Which answers of one lane are cold starts: a model's first successful answer after a {@code
 * model_not_ready} for it on this lane (its load was under way), and any answer slower than the
 * plan's {@code coldStartAbove} (the client cannot otherwise see a reload after an unload). Owned
 * by the lane's event loop.
 */
public final class ColdStarts {
  private final boolean[] notReadySeen;
  private final long aboveNanos;

  /**
   * @param aboveNanos {@link Long#MAX_VALUE} for no latency rule
   */
  public ColdStarts(int models, long aboveNanos) {
    this.notReadySeen = new boolean[models];
    this.aboveNanos = aboveNanos;
  }

  /** A {@code model_not_ready} answer for {@code model}. */
  void notReady(int model) {
    notReadySeen[model] = true;
  }

  /** Whether this successful answer of {@code model}, {@code e2eNanos} long, was a cold start. */
  boolean cold(int model, long e2eNanos) {
    boolean cold = notReadySeen[model] || e2eNanos > aboveNanos;
    notReadySeen[model] = false;
    return cold;
  }
}
