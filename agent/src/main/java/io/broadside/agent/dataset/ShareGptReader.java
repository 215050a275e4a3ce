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
 * the first reply after it gives the output length; a conversation with more human turns is kept
 * whole for sessions. Turns are {@code {from, value}} or {@code {role, content}}.
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
    // the whole conversation, for sessions: every turn from the first question on
    List<Map<String, String>> conversation = new ArrayList<>();
    int questions = 0;
    Integer output = null;
    boolean asked = false;
    boolean answered = false;
    for (int i = 0; i < turns.size(); i++) {
      JsonNode turn = turns.get(i);
      String where = at + "conversations[" + i + "].";
      if (asked) {
        // after the first question, the rest only makes a session's later turns: read what is
        // well formed, up to the first turn that is not (the prompt stands as it did)
        Map<String, String> later = laterTurn(turn);
        if (later == null) {
          break;
        }
        String role = later.get("role");
        String value = later.get("content");
        if (role.equals("assistant") && !answered && questions == 1) {
          output = wordsOrNull(value);
        }
        answered |= role.equals("assistant");
        if (!value.isBlank()) {
          questions += role.equals("user") ? 1 : 0;
          conversation.add(later);
        }
        continue;
      }
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
        conversation.add(message(role, value));
        asked = role.equals("user");
        questions += asked ? 1 : 0;
      }
    }
    if (problems.size() > before) {
      return null;
    }
    if (!asked) {
      problems.add(at + "conversations has no human turn");
      return null;
    }
    Prompt first = chat(messages, from == MaxTokensFrom.DATASET ? output : null);
    return questions > 1 ? first.withConversation(conversation) : first;
  }

  /** A later turn as a message, or null when it is not a well-formed turn of a known speaker. */
  private static Map<String, String> laterTurn(JsonNode turn) {
    if (!turn.isObject()) {
      return null;
    }
    boolean from = turn.has("from");
    JsonNode speaker = turn.get(from ? "from" : "role");
    JsonNode value = turn.get(from ? "value" : "content");
    if (speaker == null || !speaker.isTextual() || value == null || !value.isTextual()) {
      return null;
    }
    String role = role(speaker.asText());
    return role == null ? null : message(role, value.asText());
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
