package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.Generation;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A simulated reasoning model streams its reasoning first, in its own field or a think span. */
class ReasoningTest extends WithTestVertx {
  private static final String CHAT =
      """
      {"model": "llama-2-7b", "messages": [{"role": "user", "content": "why"}],
       "max_tokens": 8, "stream": %s, "stream_options": {"include_usage": true}}
      """;

  private Simulator simulator(Generation.ReasoningFormat format) {
    return test.simulator(
        SimulatorConfig.defaults()
            .withPreset(GpuPreset.INSTANT)
            .withGeneration(new Generation(0.5, format, 0)));
  }

  @Test
  void reasoningContentComesFirstAndTheUsageCountsIt() {
    Simulator sim = simulator(Generation.ReasoningFormat.FIELD);
    List<JsonObject> chunks =
        test.post(sim.port(), "/v1/chat/completions", CHAT.formatted(true)).chunks();
    // role, 4 reasoning, 4 answer, usage
    assertThat(chunks).hasSize(10);
    for (int i = 1; i <= 4; i++) {
      JsonObject delta = Reply.firstChoice(chunks.get(i)).getJsonObject("delta");
      assertThat(delta.getString("reasoning_content")).isNotBlank();
      assertThat(delta.containsKey("content")).isFalse();
    }
    for (int i = 5; i <= 8; i++) {
      assertThat(Reply.firstChoice(chunks.get(i)).getJsonObject("delta").getString("content"))
          .isNotBlank();
    }
    JsonObject usage = chunks.get(9).getJsonObject("usage");
    assertThat(usage.getInteger("completion_tokens")).isEqualTo(8);
    assertThat(usage.getJsonObject("completion_tokens_details").getInteger("reasoning_tokens"))
        .isEqualTo(4);
    JsonObject unary = test.post(sim.port(), "/v1/chat/completions", CHAT.formatted(false)).json();
    JsonObject message = Reply.firstChoice(unary).getJsonObject("message");
    assertThat(message.getString("reasoning_content").trim().split(" ")).hasSize(4);
    assertThat(message.getString("content").trim().split(" ")).hasSize(4);
    TestVertx.await(sim.close());
  }

  @Test
  void aThinkSpanOpensAndClosesTheReasoningInTheContent() {
    Simulator sim = simulator(Generation.ReasoningFormat.THINK);
    List<JsonObject> chunks =
        test.post(sim.port(), "/v1/chat/completions", CHAT.formatted(true)).chunks();
    List<String> contents =
        chunks.subList(1, 9).stream()
            .map(c -> Reply.firstChoice(c).getJsonObject("delta").getString("content"))
            .toList();
    assertThat(contents.get(0)).isEqualTo("<think>");
    assertThat(contents.get(3)).isEqualTo("</think>");
    JsonObject usage = chunks.get(9).getJsonObject("usage");
    assertThat(usage.containsKey("completion_tokens_details")).isFalse();
    String unary =
        Reply.firstChoice(
                test.post(sim.port(), "/v1/chat/completions", CHAT.formatted(false)).json())
            .getJsonObject("message")
            .getString("content");
    assertThat(unary).startsWith("<think>").contains("</think>");
    TestVertx.await(sim.close());
  }
}
