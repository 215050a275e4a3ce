package io.broadside.common.plan;

/**
 * The shape of a dataset file's entries. {@link #AUTO} recognizes it from the file's first entries;
 * the others force it.
 */
public enum DatasetFormat {
  /** Recognized per file from its first entries. */
  AUTO,
  /** {@code prompt} (text) or {@code messages} (chat), optional {@code maxTokens}. */
  BROADSIDE,
  /** {@code system_prompt} and {@code question}; {@code response} the reference output. */
  OPENORCA,
  /** {@code conversations} of {@code {from, value}} turns: the first human turn is the prompt. */
  SHAREGPT,
  /**
   * llm-load-test's JSONL: a metadata first line, then {@code question}, {@code system_prompt} and
   * {@code output_tokens}.
   */
  LLM_LOAD_TEST
}
