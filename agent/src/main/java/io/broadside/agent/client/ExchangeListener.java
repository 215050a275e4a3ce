package io.broadside.agent.client;

/**
 * Events of one request, with {@link System#nanoTime()} readings taken as they happen. Called on
 * the lane's event loop.
 */
public interface ExchangeListener {
  /** The request was handed to the connection. */
  void sent(long nanos);

  /** The answer's head arrived (HTTP status and headers; gRPC response headers). */
  default void firstByte(long nanos) {}

  /**
   * A chunk arrived.
   *
   * @param tokens output tokens the chunk carries (0 for role-only, usage-only and comment chunks)
   * @param hasChoices the chunk has non-empty {@code choices}
   */
  void chunk(long nanos, int tokens, boolean hasChoices);

  /**
   * The exchange completed.
   *
   * @param usage nullable: the server's counts when it sent them
   * @param streamed whether the response was a stream of chunks
   */
  void done(long nanos, Usage usage, boolean streamed);

  /** The exchange failed; {@code errorClass} is one of DESIGN.md §5's classes. */
  void failed(long nanos, String errorClass, String detail);

  /**
   * The exchange began; its {@link ExchangeState#interrupt} ends it at once (its connection or
   * stream is cut), told as {@link #interrupted}. A run's graceful stop uses it for what is still
   * in flight.
   */
  default void began(ExchangeState exchange) {}

  /**
   * The exchange was cut by {@link ExchangeState#interrupt}: neither done nor failed. By default, a
   * failure of class {@code interrupted}.
   */
  default void interrupted(long nanos) {
    failed(nanos, "interrupted", "cut at the run's graceful stop");
  }

  /** Token counts reported by the server. */
  record Usage(int promptTokens, int completionTokens) {}
}
