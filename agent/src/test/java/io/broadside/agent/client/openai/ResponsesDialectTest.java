package io.broadside.agent.client.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.agent.client.TargetRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Responses API's request body and how each of its events is read. */
class ResponsesDialectTest {
  @Test
  void aPromptIsTheInputAndChatTurnsAreInputMessages() {
    JsonObject prompt =
        new JsonObject(ResponsesDialect.body(new TargetRequest("m", "hi there", null, 7, 2), true));
    assertThat(prompt.getString("input")).isEqualTo("hi there");
    assertThat(prompt.getInteger("max_output_tokens")).isEqualTo(7);
    assertThat(prompt.getBoolean("stream")).isTrue();
    JsonObject turns =
        new JsonObject(
            ResponsesDialect.body(
                new TargetRequest(
                    "m", null, List.of(Map.of("role", "user", "content", "hello")), 3, 1),
                false));
    assertThat(turns.getJsonArray("input").getJsonObject(0).getString("content"))
        .isEqualTo("hello");
  }

  @Test
  void deltasCarryTokensAndTheCompletedResponseCarriesTheUsage() throws IOException {
    var delta =
        ResponsesDialect.scan(
            "{\"type\":\"response.output_text.delta\",\"item_id\":\"m\",\"delta\":\" the\"}");
    assertThat(delta.type()).isEqualTo("response.output_text.delta");
    assertThat(delta.delta()).isTrue();
    assertThat(
            ResponsesDialect.scan("{\"type\":\"response.output_text.delta\",\"delta\":\"\"}")
                .delta())
        .isFalse();
    var done =
        ResponsesDialect.scan(
            "{\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"output\":[{\"a\":1}],"
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":9,\"total_tokens\":14}}}");
    assertThat(done.usage().promptTokens()).isEqualTo(5);
    assertThat(done.usage().completionTokens()).isEqualTo(9);
    var unary =
        ResponsesDialect.scan(
            "{\"id\":\"r\",\"object\":\"response\",\"output\":[],\"usage\":{\"output_tokens\":3}}");
    assertThat(unary.output()).isTrue();
    assertThat(unary.usage().completionTokens()).isEqualTo(3);
    assertThat(ResponsesDialect.scan("{\"type\":\"error\",\"error\":{\"message\":\"x\"}}").error())
        .isTrue();
  }
}
