package io.broadside.agent.client;

import io.broadside.agent.client.ExchangeListener.Usage;
import io.vertx.core.Vertx;

/**
 * The life of one exchange, common to every transport: a timeout armed at creation, events passed
 * to the listener until the exchange ends exactly once, and the transport's clean-up ({@link
 * #release}) before the listener hears the end. Owned by the lane's event loop.
 */
public abstract class ExchangeState implements ExchangeSink {
  private final Vertx vertx;
  private final ExchangeListener listener;
  private long timer;
  private boolean finished;
  private Usage usage;

  protected ExchangeState(Vertx vertx, ExchangeListener listener, long timeoutMs) {
    this.vertx = vertx;
    this.listener = listener;
    this.timer =
        vertx.setTimer(
            timeoutMs,
            id -> {
              timer = -1;
              fail("timeout", "no complete response in " + timeoutMs + " ms");
            });
    listener.began(this);
  }

  /** Ends the exchange now, cutting what it holds, told as interrupted (a graceful stop's end). */
  public final void interrupt() {
    if (end()) {
      long now = System.nanoTime();
      try {
        release("interrupted");
      } finally {
        listener.interrupted(now);
      }
    }
  }

  /** The request went out (its head and body were handed to the connection). */
  public final void sent() {
    if (!finished) {
      listener.sent(System.nanoTime());
    }
  }

  /** The answer's head arrived. */
  public final void firstByte() {
    if (!finished) {
      listener.firstByte(System.nanoTime());
    }
  }

  @Override
  public final void chunk(int tokens, boolean hasChoices) {
    if (!finished) {
      listener.chunk(System.nanoTime(), tokens, hasChoices);
    }
  }

  @Override
  public final void reasoningChunk(int tokens, boolean earlierToo) {
    if (!finished) {
      listener.reasoningChunk(System.nanoTime(), tokens, earlierToo);
    }
  }

  @Override
  public final void usage(Usage usage) {
    this.usage = usage;
  }

  @Override
  public final void complete(boolean streamed) {
    if (end()) {
      long now = System.nanoTime();
      release(null);
      listener.done(now, usage, streamed);
    }
  }

  @Override
  public final void fail(String errorClass, String detail) {
    if (end()) {
      long now = System.nanoTime();
      try {
        release(errorClass);
      } finally {
        listener.failed(now, errorClass, detail);
      }
    }
  }

  @Override
  public final boolean finished() {
    return finished;
  }

  /**
   * Frees what the exchange holds: a connection goes back to its pool, or is closed, or a stream is
   * cancelled.
   *
   * @param errorClass null when the answer ended well
   */
  protected abstract void release(String errorClass);

  private boolean end() {
    if (finished) {
      return false;
    }
    finished = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return true;
  }
}
