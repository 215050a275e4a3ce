package io.broadside.simulator.config;

/**
 * What the simulated model does beyond emitting tokens.
 *
 * @param reasoningShare the share of each chat (and Responses API) answer's tokens streamed first
 *     as reasoning, 0 to 1 (0: none); an answer of {@code n} tokens reasons for {@code floor(n ×
 *     share)}, at least one token of answer left
 * @param reasoningFormat how the reasoning is streamed
 * @param prefixCacheTokens the KV budget of each model's prefix cache in tokens (0: no cache): a
 *     prompt's leading blocks of {@value #BLOCK_TOKENS} tokens already cached for its model skip
 *     their prefill, and the least recently used blocks leave when the budget is full
 */
public record Generation(
    double reasoningShare, ReasoningFormat reasoningFormat, long prefixCacheTokens) {
  /** Tokens per cached block, as vLLM's default block size. */
  public static final int BLOCK_TOKENS = 16;

  /** No reasoning, no prefix cache. */
  public static final Generation PLAIN = new Generation(0, ReasoningFormat.FIELD, 0);

  /** How reasoning tokens travel. */
  public enum ReasoningFormat {
    /**
     * In {@code delta.reasoning_content} (vLLM's reasoning parsers, DeepSeek's API), counted in
     * {@code usage.completion_tokens_details.reasoning_tokens}.
     */
    FIELD,
    /**
     * In {@code delta.content}, between a {@code <think>} token and a {@code </think>} token (a
     * server without a reasoning parser), and not counted apart in the usage.
     */
    THINK;

    /** {@code field} or {@code think}. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Generation {
    java.util.Objects.requireNonNull(reasoningFormat, "reasoningFormat");
    if (!(reasoningShare >= 0 && reasoningShare < 1)) {
      throw new IllegalArgumentException(
          "the reasoning share must be at least 0 and below 1, was " + reasoningShare);
    }
    if (prefixCacheTokens < 0) {
      throw new IllegalArgumentException("the prefix cache's tokens must not be negative");
    }
  }

  /**
   * The reasoning tokens of an answer of {@code maxTokens} (the rest is the answer, at least one
   * token); none when a {@code <think>} span would not have room for its two tags.
   */
  public int reasoningTokens(int maxTokens) {
    int tokens = Math.min(Math.max(0, maxTokens - 1), (int) Math.floor(maxTokens * reasoningShare));
    return reasoningFormat == ReasoningFormat.THINK && tokens < 2 ? 0 : tokens;
  }
}
