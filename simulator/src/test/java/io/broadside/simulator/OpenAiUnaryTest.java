package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.token.WordTokenizer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiUnaryTest extends WithTestVertx {
  private Simulator sim;

  @BeforeEach
  void startSimulator() {
    sim = test.simulator(SimulatorConfig.defaults().withPreset(GpuPreset.INSTANT));
  }

  @AfterEach
  void closeSimulator() {
    TestVertx.await(sim.close());
  }

  @Test
  void completionsWithoutStreamReturnTheWholeTextAndUsage() {
    Reply reply =
        test.post(
            sim.port(),
            "/v1/completions",
            """
            {"model": "llama-2-7b", "prompt": "the quick brown fox", "max_tokens": 7}
            """);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    JsonObject json = reply.json();
    assertThat(json.getString("object")).isEqualTo("text_completion");
    assertThat(json.getString("id")).startsWith("cmpl-");
    JsonObject choice = Reply.firstChoice(json);
    assertThat(WordTokenizer.count(choice.getString("text"))).isEqualTo(7);
    assertThat(choice.getString("finish_reason")).isEqualTo("length");
    assertThat(json.getJsonObject("usage").getMap())
        .containsEntry("prompt_tokens", 4)
        .containsEntry("completion_tokens", 7)
        .containsEntry("total_tokens", 11);
  }

  @Test
  void chatWithoutStreamReturnsAnAssistantMessageAndDefaultsTo16Tokens() {
    Reply reply =
        test.post(
            sim.port(),
            "/v1/chat/completions",
            """
            {"messages": [{"role": "system", "content": "be brief"},
                          {"role": "user", "content": [{"type": "text", "text": "hi there"}]}]}
            """);

    JsonObject json = reply.json();
    assertThat(json.getString("object")).isEqualTo("chat.completion");
    assertThat(json.getString("model")).isEqualTo("llama-2-7b");
    JsonObject message = Reply.firstChoice(json).getJsonObject("message");
    assertThat(message.getString("role")).isEqualTo("assistant");
    assertThat(WordTokenizer.count(message.getString("content"))).isEqualTo(16);
    assertThat(json.getJsonObject("usage").getInteger("prompt_tokens")).isEqualTo(4);
  }

  @Test
  void sameSeedGivesTheSameText() {
    String body = "{\"prompt\": \"x\", \"max_tokens\": 12}";

    String first =
        Reply.firstChoice(test.post(sim.port(), "/v1/completions", body).json()).getString("text");
    String second =
        Reply.firstChoice(test.post(sim.port(), "/v1/completions", body).json()).getString("text");

    assertThat(first).isEqualTo(second);
  }
}
