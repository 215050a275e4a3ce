package io.broadside.common.metric;

/**
 * Names of the exact counters an agent reports per (stage, model) as deltas. Error counters are
 * {@code error.<class>} with the classes of DESIGN.md §5.
 */
public final class Counter {
  public static final String OK = "ok";
  public static final String FAILED = "failed";
  public static final String DROPPED = "dropped";

  /** Requests cut at the run's graceful stop: neither ok nor failed. */
  public static final String INTERRUPTED = "interrupted";

  public static final String GOODPUT = "goodput";
  public static final String OUTPUT_TOKENS = "output_tokens";
  public static final String PROMPT_TOKENS = "prompt_tokens";
  public static final String TOKENS_FROM_SERVER = "token_source.server";
  public static final String TOKENS_FROM_CHUNKS = "token_source.chunks";
  public static final String OUT_OF_RANGE = "out_of_range";
  public static final String COLD_STARTS = "cold_starts";

  /** Output tokens spent reasoning: the server's count, else the reasoning chunks. */
  public static final String REASONING_TOKENS = "reasoning_tokens";

  /** Prompt tokens the server found in its prefix cache ({@code cached_tokens}). */
  public static final String CACHED_TOKENS = "cached_tokens";

  /** Prompt tokens of the requests whose server said its cached tokens: the hit ratio's base. */
  public static final String CACHE_REPORTED_PROMPT_TOKENS = "cache_reported_prompt_tokens";

  /** Closed-loop users that waited before their next request after one that failed at once. */
  public static final String BACKOFF = "backoff";

  public static final String ERROR_PREFIX = "error.";

  private Counter() {}

  public static String error(String errorClass) {
    return ERROR_PREFIX + errorClass;
  }
}
