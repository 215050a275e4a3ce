package io.broadside.agent.load;

import io.broadside.agent.dataset.Prompt;
import io.broadside.agent.dataset.PromptSource;
import io.broadside.common.text.Words;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One conversation of a virtual user: turn k sends the history so far (earlier user messages and
 * the replies to them) with the next user message. The user messages and replies are its dataset
 * entry's conversation when it has one (ShareGPT's turns, OpenAI messages), else successive prompts
 * of the dataset with replies of as many words as each answer's output tokens. The replies are the
 * dataset's, not the server's: every run, against any server, sends the same history. Not
 * thread-safe: the lane's context only.
 */
final class Session {
  private final PromptSource.Cursor cursor;
  private final int maxTurns;
  private final int model;
  private final int slice;
  private final MultiMap headers;
  private final List<Map<String, String>> conversation;
  private final List<Map<String, String>> history = new ArrayList<>();
  private final java.util.Random random;
  private int position;
  private int turns;
  private int historyTokens;
  private Prompt pending;
  private boolean abandoned;
  private final boolean repliesSetBudget;

  /**
   * @param first the prompt that opens it (its conversation, if any, is the whole session's)
   * @param slice the session's slice, or -1
   * @param headers nullable: sent with each of its requests (its slice's, its session header)
   * @param repliesSetBudget a conversation's reply sets its turn's output budget (the plan's {@code
   *     maxTokensFrom: dataset})
   */
  Session(
      Prompt first,
      PromptSource.Cursor cursor,
      int maxTurns,
      int model,
      int slice,
      MultiMap headers,
      java.util.Random random,
      boolean repliesSetBudget) {
    this.repliesSetBudget = repliesSetBudget;
    this.cursor = cursor;
    this.maxTurns = maxTurns;
    this.model = model;
    this.slice = slice;
    this.headers = headers;
    this.random = random;
    this.conversation = first.conversation();
    this.pending = first;
  }

  int model() {
    return model;
  }

  int slice() {
    return slice;
  }

  MultiMap headers() {
    return headers;
  }

  /** Turns sent so far; the turn about to be sent is {@code turns() + 1}. */
  int turns() {
    return turns;
  }

  /** Whether it has no turn left: its turns are sent, its conversation ended, or it failed. */
  boolean done() {
    if (abandoned || turns >= maxTurns) {
      return true;
    }
    return conversation != null && nextQuestion() < 0;
  }

  /** The user leaves after a failed turn: the conversation cannot go on without its answer. */
  void abandon() {
    abandoned = true;
  }

  /**
   * The next turn's request: the history with the next user message (which joins the history).
   *
   * @param maxTokens the plan's, for a turn that gives none
   */
  Prompt nextTurn(int maxTokens) {
    Prompt question;
    Integer budget;
    if (conversation != null) {
      int q = nextQuestion();
      // system messages and anything between the last reply and the question come along
      for (int i = position; i <= q; i++) {
        add(conversation.get(i));
      }
      position = q + 1;
      budget = repliesSetBudget ? replyWords(q) : null;
    } else {
      question = pending != null ? pending : cursor.next();
      pending = null;
      if (question.messages() != null) {
        question.messages().forEach(this::add);
      } else {
        add(message("user", question.text()));
      }
      budget = question.maxTokens();
    }
    turns++;
    int tokens = budget != null ? budget : maxTokens;
    return new Prompt(null, List.copyOf(history), tokens, historyTokens);
  }

  /**
   * The turn was answered with {@code outputTokens}: the reply joins the history (the dataset's
   * reply when it has one, else as many words).
   */
  void answered(int outputTokens) {
    if (conversation != null
        && position < conversation.size()
        && "assistant".equals(conversation.get(position).get("role"))) {
      add(conversation.get(position));
      position++;
      return;
    }
    add(message("assistant", PromptSource.filler(random, Math.max(1, outputTokens))));
  }

  /** The index of the conversation's next user message from {@code position}, or -1. */
  private int nextQuestion() {
    for (int i = position; i < conversation.size(); i++) {
      if ("user".equals(conversation.get(i).get("role"))) {
        return i;
      }
    }
    return -1;
  }

  /** The words of the reply to the question at {@code q}, or null when none follows it. */
  private Integer replyWords(int q) {
    if (q + 1 < conversation.size() && "assistant".equals(conversation.get(q + 1).get("role"))) {
      int n = Words.count(conversation.get(q + 1).get("content"));
      return n > 0 ? n : null;
    }
    return null;
  }

  private void add(Map<String, String> message) {
    history.add(message);
    historyTokens += Words.count(message.get("content"));
  }

  private static Map<String, String> message(String role, String content) {
    return Map.of("role", role, "content", content);
  }
}
