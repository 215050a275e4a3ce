package io.broadside.agent.dataset;

import static io.broadside.agent.dataset.EntryFields.chat;
import static io.broadside.agent.dataset.EntryFields.message;
import static io.broadside.agent.dataset.EntryFields.positive;
import static io.broadside.agent.dataset.EntryFields.text;
import static io.broadside.agent.dataset.EntryFields.wordsOrNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.plan.MaxTokensFrom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenOrca, and llm-load-test's files of its entries: {@code system_prompt} and {@code question} as
 * a system and a user message (joined for completions); the output length from {@code
 * output_tokens} (llm-load-test) or the words of {@code response}.
 */
final class OpenOrcaReader implements FormatReader {
  @Override
  public Prompt read(JsonNode node, String at, List<String> problems, MaxTokensFrom from) {
    int before = problems.size();
    String question = text(node, "question", true, at, problems);
    String system =
        node.has("system_prompt") ? text(node, "system_prompt", false, at, problems) : null;
    String response = node.has("response") ? text(node, "response", false, at, problems) : null;
    Integer outputTokens = positive(node, "output_tokens", at, problems);
    if (problems.size() > before) {
      return null;
    }
    List<Map<String, String>> messages = new ArrayList<>();
    if (system != null && !system.isBlank()) {
      messages.add(message("system", system));
    }
    messages.add(message("user", question));
    Integer output = outputTokens != null ? outputTokens : wordsOrNull(response);
    return chat(messages, from == MaxTokensFrom.DATASET ? output : null);
  }
}
