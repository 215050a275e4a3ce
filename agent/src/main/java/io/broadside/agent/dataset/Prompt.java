package io.broadside.agent.dataset;

import java.util.List;
import java.util.Map;

/**
 * One dataset entry.
 *
 * @param messages nullable: chat messages when the entry has them
 * @param maxTokens nullable: the entry's own output budget
 * @param promptTokens the prompt's length in words (a word is one token for the simulator)
 * @param conversation nullable: the entry's whole conversation when it has more than one user turn
 *     (system, user and assistant messages in order), for sessions
 */
public record Prompt(
    String text,
    List<Map<String, String>> messages,
    Integer maxTokens,
    int promptTokens,
    List<Map<String, String>> conversation) {

  /** A prompt of one turn. */
  public Prompt(
      String text, List<Map<String, String>> messages, Integer maxTokens, int promptTokens) {
    this(text, messages, maxTokens, promptTokens, null);
  }

  /** The same prompt, with the whole conversation it opens. */
  public Prompt withConversation(List<Map<String, String>> all) {
    return new Prompt(text, messages, maxTokens, promptTokens, List.copyOf(all));
  }
}
