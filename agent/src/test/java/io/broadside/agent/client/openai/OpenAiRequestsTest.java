package io.broadside.agent.client.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.agent.client.TargetRequest;
import io.broadside.common.plan.TargetProtocol;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request bodies: the JSON each API expects, field for field, escapes and all. */
class OpenAiRequestsTest {
  private static final String PROMPT = "Say \"hi\"\n\tto caf\u00e9 \ud83d\ude00 \\ </script>";

  @Test
  void chatWithAPrompt() {
    for (boolean stream : new boolean[] {true, false}) {
      JsonObject expected =
          new JsonObject()
              .put("model", "m")
              .put(
                  "messages",
                  new JsonArray().add(new JsonObject().put("role", "user").put("content", PROMPT)))
              .put("max_tokens", 16)
              .put("stream", stream);
      if (stream) {
        expected.put("stream_options", new JsonObject().put("include_usage", true));
      }
      assertThat(
              body(TargetProtocol.OPENAI_CHAT, new TargetRequest("m", PROMPT, null, 16, 5), stream))
          .isEqualTo(expected);
    }
  }

  @Test
  void chatWithTurnsKeepsEachMessagesFields() {
    Map<String, String> system = new LinkedHashMap<>();
    system.put("role", "system");
    system.put("content", "be brief");
    Map<String, String> user = new LinkedHashMap<>();
    user.put("role", "user");
    user.put("content", PROMPT);
    user.put("name", "u1");
    JsonObject actual =
        body(
            TargetProtocol.OPENAI_CHAT,
            new TargetRequest("m", null, List.of(system, user), 8, 5),
            false);
    assertThat(actual)
        .isEqualTo(
            new JsonObject()
                .put("model", "m")
                .put(
                    "messages",
                    new JsonArray()
                        .add(new JsonObject().put("role", "system").put("content", "be brief"))
                        .add(
                            new JsonObject()
                                .put("role", "user")
                                .put("content", PROMPT)
                                .put("name", "u1")))
                .put("max_tokens", 8)
                .put("stream", false));
  }

  @Test
  void completionsCarryThePrompt() {
    assertThat(
            body(
                TargetProtocol.OPENAI_COMPLETIONS,
                new TargetRequest("m", PROMPT, null, 32, 5),
                false))
        .isEqualTo(
            new JsonObject()
                .put("model", "m")
                .put("prompt", PROMPT)
                .put("max_tokens", 32)
                .put("stream", false));
  }

  @Test
  void theBodyIsCompactUtf8() {
    String text =
        OpenAiRequests.body(
                TargetProtocol.OPENAI_COMPLETIONS,
                new TargetRequest("m", "caf\u00e9", null, 1, 1),
                false)
            .toString(StandardCharsets.UTF_8);
    assertThat(text)
        .isEqualTo("{\"model\":\"m\",\"prompt\":\"caf\u00e9\",\"max_tokens\":1,\"stream\":false}");
  }

  @Test
  void chatOffersThePlansToolsAsGiven() {
    String text =
        OpenAiRequests.body(
                TargetProtocol.OPENAI_CHAT,
                new TargetRequest("m", "hi", null, 4, 1),
                true,
                "[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]",
                "\"required\"")
            .toString(StandardCharsets.UTF_8);
    JsonObject body = new JsonObject(text);
    assertThat(
            body.getJsonArray("tools").getJsonObject(0).getJsonObject("function").getString("name"))
        .isEqualTo("f");
    assertThat(body.getString("tool_choice")).isEqualTo("required");
    assertThat(body.getInteger("max_tokens")).isEqualTo(4);
  }

  private static JsonObject body(TargetProtocol protocol, TargetRequest request, boolean stream) {
    return new JsonObject(OpenAiRequests.body(protocol, request, stream));
  }
}
