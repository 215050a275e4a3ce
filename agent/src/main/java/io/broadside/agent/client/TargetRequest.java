package io.broadside.agent.client;

import java.util.List;
import java.util.Map;

/**
 * What to ask: the model, the prompt (text or chat messages) and the output budget.
 *
 * @param messages nullable: when set, used as-is for chat (each a map of role and content)
 * @param headers nullable: this request's own headers (its slice's, its session's), sent after the
 *     target's and the protocol's; HTTP protocols only
 */
public record TargetRequest(
    String model,
    String prompt,
    List<Map<String, String>> messages,
    int maxTokens,
    int promptTokens,
    io.vertx.core.MultiMap headers) {

  /** A request with no headers of its own. */
  public TargetRequest(
      String model,
      String prompt,
      List<Map<String, String>> messages,
      int maxTokens,
      int promptTokens) {
    this(model, prompt, messages, maxTokens, promptTokens, null);
  }
}
