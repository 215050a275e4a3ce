package io.broadside.common.plan;

/**
 * What happens before the measured stages, left out of every result: each model answers one request
 * that must pass the checks of {@code validate} (when given), then gets {@code requests} warmup
 * requests.
 *
 * @param validate nullable: no validation
 */
public record Warmup(int requests, Validation validate) {

  /** Warmup requests only. */
  public Warmup(int requests) {
    this(requests, null);
  }

  /**
   * The checks of a model's validation request: it must succeed (any error class fails it) and
   * carry between {@code minOutputTokens} and {@code maxOutputTokens} output tokens.
   *
   * @param maxOutputTokens nullable: no upper bound
   */
  public record Validation(int minOutputTokens, Integer maxOutputTokens) {}
}
