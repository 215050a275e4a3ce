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

  /**
   * A token-bearing chunk of reasoning (before the answer): {@code delta.reasoning_content}, or
   * content within a {@code <think>} span. By default an ordinary token-bearing chunk.
   *
   * @param earlierToo every token-bearing chunk before this one was reasoning as well (a {@code
   *     </think>} came without its opening tag, which the chat template had put in the prompt)
   */
  default void reasoningChunk(long nanos, int tokens, boolean earlierToo) {
    chunk(nanos, tokens, true);
  }

  /**
   * Token counts reported by the server.
   *
   * @param cachedTokens prompt tokens the server found in its prefix cache ({@code
   *     prompt_tokens_details.cached_tokens}), -1 when it does not say
   * @param reasoningTokens output tokens spent reasoning ({@code
   *     completion_tokens_details.reasoning_tokens}), -1 when it does not say
   */
  record Usage(int promptTokens, int completionTokens, int cachedTokens, int reasoningTokens) {
    /** Prompt and completion counts alone. */
    public Usage(int promptTokens, int completionTokens) {
      this(promptTokens, completionTokens, -1, -1);
    }
  }
}
