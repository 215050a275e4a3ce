package io.broadside.agent.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.agent.dataset.Prompt;
import io.broadside.agent.dataset.PromptSource;
import io.broadside.common.plan.Sampling;
import io.broadside.common.plan.SyntheticDataset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A session's turns: the history it sends, when it is done, and what a failed turn does. */
class SessionTest {
  private static Map<String, String> m(String role, String content) {
    return Map.of("role", role, "content", content);
  }

  private static final List<Map<String, String>> CONVERSATION =
      List.of(
          m("system", "be brief"),
          m("user", "one two"),
          m("assistant", "three four five"),
          m("user", "six"),
          m("assistant", "seven"),
          m("user", "eight nine"));

  private static PromptSource.Cursor cursor() {
    return PromptSource.load(new SyntheticDataset(5, 0, Sampling.SEQUENTIAL, 1)).cursor(1, 0);
  }

  private static Session session(int turns, boolean repliesSetBudget) {
    Prompt first =
        new Prompt("be brief\n\none two", CONVERSATION.subList(0, 2), null, 3)
            .withConversation(CONVERSATION);
    return new Session(first, cursor(), turns, 0, -1, null, new Random(1), repliesSetBudget);
  }

  @Test
  void aConversationsTurnsSendItsHistoryWithTheDatasetsReplies() {
    Session s = session(8, true);

    Prompt first = s.nextTurn(64);
    assertThat(first.messages()).containsExactlyElementsOf(CONVERSATION.subList(0, 2));
    assertThat(first.promptTokens()).isEqualTo(4);
    assertThat(first.maxTokens()).as("the reply's words").isEqualTo(3);
    s.answered(40); // the server's answer is not the history: the dataset's reply is
    Prompt second = s.nextTurn(64);
    assertThat(second.messages()).containsExactlyElementsOf(CONVERSATION.subList(0, 4));
    assertThat(second.promptTokens()).isEqualTo(8);
    s.answered(1);
    Prompt third = s.nextTurn(64);
    assertThat(third.messages()).containsExactlyElementsOf(CONVERSATION);
    assertThat(third.maxTokens()).as("no reply follows: the plan's").isEqualTo(64);
    assertThat(s.turns()).isEqualTo(3);
    s.answered(2);
    assertThat(s.done()).as("its questions are asked").isTrue();
  }

  @Test
  void itEndsAfterItsTurnsOrAFailedTurn() {
    Session two = session(2, false);
    two.nextTurn(16);
    two.answered(3);
    assertThat(two.done()).isFalse();
    assertThat(two.nextTurn(16).maxTokens()).as("the plan's budget").isEqualTo(16);
    assertThat(two.done()).isTrue();

    Session failed = session(8, false);
    failed.nextTurn(16);
    failed.abandon();
    assertThat(failed.done()).isTrue();
  }

  @Test
  void withoutAConversationTurnsAreSuccessivePromptsWithRepliesAsLongAsTheAnswers() {
    PromptSource.Cursor cursor = cursor();
    Session s = new Session(cursor.next(), cursor, 3, 0, -1, null, new Random(2), false);

    Prompt first = s.nextTurn(16);
    assertThat(first.messages()).hasSize(1);
    assertThat(first.promptTokens()).isEqualTo(5);
    s.answered(7);
    Prompt second = s.nextTurn(16);
    assertThat(second.messages())
        .extracting(x -> x.get("role"))
        .containsExactly("user", "assistant", "user");
    assertThat(io.broadside.common.text.Words.count(second.messages().get(1).get("content")))
        .isEqualTo(7);
    assertThat(second.promptTokens()).isEqualTo(5 + 7 + 5);
    assertThat(second.messages().get(0)).isEqualTo(first.messages().get(0));
  }
}
