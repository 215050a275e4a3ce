package io.broadside.agent.dataset;

import static io.broadside.agent.dataset.EntryFields.chat;
import static io.broadside.agent.dataset.EntryFields.message;
import static io.broadside.agent.dataset.EntryFields.positive;
import static io.broadside.agent.dataset.EntryFields.prompt;
import static io.broadside.agent.dataset.EntryFields.quote;
import static io.broadside.agent.dataset.EntryFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.plan.MaxTokensFrom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Broadside's own format: {@code prompt} or {@code messages}, optional {@code maxTokens} (always
 * applied, whatever the plan's maxTokensFrom).
 */
final class BroadsideReader implements FormatReader {
  @Override
  public Prompt read(JsonNode node, String at, List<String> problems, MaxTokensFrom from) {
    int before = problems.size();
    Integer maxTokens = positive(node, "maxTokens", at, problems);
    if (node.has("prompt")) {
      String text = text(node, "prompt", true, at, problems);
      return problems.size() > before ? null : prompt(text, null, maxTokens);
    }
    JsonNode list = node.get("messages");
    if (!list.isArray() || list.isEmpty()) {
      problems.add(at + "messages must be a non-empty list of {role, content}, was " + quote(list));
      return null;
    }
    List<Map<String, String>> messages = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode m = list.get(i);
      String where = "messages[" + i + "]";
      if (!m.isObject()) {
        problems.add(at + where + " must be an object {role, content}, was " + quote(m));
        continue;
      }
      String role = m.has("role") ? text(m, "role", true, at + where + ".", problems) : "user";
      String content = text(m, "content", false, at + where + ".", problems);
      if (role != null && content != null) {
        messages.add(message(role, content));
      }
    }
    if (problems.size() > before) {
      return null;
    }
    long questions = messages.stream().filter(m -> "user".equals(m.get("role"))).count();
    if (questions > 1) {
      // OpenAI messages of a whole conversation: one request of it all, or a session turn by turn
      return chat(messages, maxTokens).withConversation(messages);
    }
    return chat(messages, maxTokens);
  }
}
