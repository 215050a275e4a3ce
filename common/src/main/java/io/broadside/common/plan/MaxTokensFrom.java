package io.broadside.common.plan;

/** Where a request's output budget ({@code max_tokens}) comes from for a dataset file. */
public enum MaxTokensFrom {
  /**
   * The plan's {@code maxTokens} (or a broadside entry's own {@code maxTokens}, which always
   * applies).
   */
  PLAN,
  /**
   * The entry's reference output length when it has one (OpenOrca {@code response}, ShareGPT's
   * first reply, llm-load-test's {@code output_tokens}), else the plan's {@code maxTokens}.
   */
  DATASET
}
