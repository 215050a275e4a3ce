package io.broadside.agent.dataset;

import static io.broadside.agent.dataset.EntryFields.chat;
import static io.broadside.agent.dataset.EntryFields.message;
import static io.broadside.agent.dataset.EntryFields.quote;
import static io.broadside.agent.dataset.EntryFields.text;
import static io.broadside.agent.dataset.EntryFields.wordsOrNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.plan.MaxTokensFrom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ShareGPT's {@code conversations}: the first human turn (after any system turns) is the prompt,
 * the first reply after it gives the output length. Turns are {@code {from, value}} or {@code
 * {role, content}}.
 */
final class ShareGptReader implements FormatReader {
  @Override
  public Prompt read(JsonNode node, String at, List<String> problems, MaxTokensFrom from) {
    JsonNode turns = node.get("conversations");
    if (!turns.isArray() || turns.isEmpty()) {
      problems.add(
          at + "conversations must be a non-empty list of {from, value}, was " + quote(turns));
      return null;
    }
    int before = problems.size();
    List<Map<String, String>> messages = new ArrayList<>();
    Integer output = null;
    boolean asked = false;
    for (int i = 0; i < turns.size(); i++) {
      JsonNode turn = turns.get(i);
      String where = at + "conversations[" + i + "].";
      if (!turn.isObject()) {
        problems.add(
            where.substring(0, where.length() - 1) + " must be an object, was " + quote(turn));
        return null;
      }
      String roleKey = turn.has("from") ? "from" : "role";
      String valueKey = turn.has("from") ? "value" : "content";
      String speaker = text(turn, roleKey, true, where, problems);
      String value = text(turn, valueKey, false, where, problems);
      if (speaker == null || value == null) {
        return null;
      }
      String role = role(speaker);
      if (role == null) {
        problems.add(where + roleKey + " must be human, gpt or system (or user, assistant)");
        return null;
      }
      if (!asked) {
        if (role.equals("assistant")) {
          continue; // a reply before any question (some ShareGPT dumps start with the bot)
        }
        if (role.equals("user") && value.isBlank()) {
          problems.add(where + valueKey + " is empty");
          return null;
        }
        messages.add(message(role, value));
        asked = role.equals("user");
      } else if (role.equals("assistant")) {
        output = wordsOrNull(value);
        break;
      } else if (role.equals("user")) {
        break; // a second question before any reply: no reference length
      }
    }
    if (problems.size() > before) {
      return null;
    }
    if (!asked) {
      problems.add(at + "conversations has no human turn");
      return null;
    }
    return chat(messages, from == MaxTokensFrom.DATASET ? output : null);
  }

  private static String role(String speaker) {
    return switch (speaker.toLowerCase(Locale.ROOT)) {
      case "human", "user" -> "user";
      case "gpt", "assistant", "chatgpt", "bard", "bing", "model" -> "assistant";
      case "system" -> "system";
      default -> null;
    };
  }
}
