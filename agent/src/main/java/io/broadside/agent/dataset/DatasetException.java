package io.broadside.agent.dataset;

/**
 * A dataset file that cannot be used: its message names the file, and the line of each problem
 * ({@code prompts.jsonl:17: has neither prompt, messages, question nor conversations}).
 */
public final class DatasetException extends IllegalArgumentException {
  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
