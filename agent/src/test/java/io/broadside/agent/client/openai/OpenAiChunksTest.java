package io.broadside.agent.client.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.broadside.agent.client.ExchangeListener.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiChunksTest {
  @Test
  void roleOnlyChunkHasChoicesButNoToken() throws IOException {
    var c =
        OpenAiChunks.scan(
            "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}");
    assertThat(c).isEqualTo(new OpenAiChunks.Chunk(true, 0, null, false));
  }

  @Test
  void contentChunkCarriesAToken() throws IOException {
    var c =
        OpenAiChunks.scan(
            "{\"choices\":[{\"delta\":{\"content\":\" hi\",\"x\":[1,{\"a\":2}]},\"finish_reason\":null},{\"delta\":{}}],\"model\":\"m\"}");
    assertThat(c.tokens()).isEqualTo(1);
    assertThat(c.hasChoices()).isTrue();
  }

  @Test
  void aToolCallsArgumentFragmentCarriesATokenButItsOpeningChunkNone() throws IOException {
    // OpenAI's and vLLM's first tool-call delta: id, type and name, empty arguments
    assertThat(
            OpenAiChunks.scan(
                    "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                        + "\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}")
                .tokens())
        .isZero();
    assertThat(
            OpenAiChunks.scan(
                    "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                        + "\"function\":{\"arguments\":\"{\\\"city\\\": \"}}]},"
                        + "\"finish_reason\":null}]}")
                .tokens())
        .isEqualTo(1);
    // a chunk with both prose and a fragment is one token-bearing chunk; odd elements are skipped
    var both =
        OpenAiChunks.scan(
            "{\"choices\":[{\"delta\":{\"tool_calls\":[7,{\"function\":{\"arguments\":\"x\"},"
                + "\"extra\":[1]}],\"content\":\"y\"}}],\"usage\":{\"completion_tokens\":3}}");
    assertThat(both.tokens()).isEqualTo(1);
    assertThat(both.usage()).isNotNull();
  }

  @Test
  void emptyContentAndEmptyTextCarryNoToken() throws IOException {
    assertThat(OpenAiChunks.scan("{\"choices\":[{\"delta\":{\"content\":\"\"}}]}").tokens())
        .isZero();
    assertThat(OpenAiChunks.scan("{\"choices\":[{\"text\":\"\"}]}").tokens()).isZero();
    assertThat(OpenAiChunks.scan("{\"choices\":[{\"text\":\"a\"}]}").tokens()).isEqualTo(1);
  }

  @Test
  void usageOnlyChunkHasNoChoices() throws IOException {
    var c =
        OpenAiChunks.scan(
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34,\"total_tokens\":46}}");
    assertThat(c).isEqualTo(new OpenAiChunks.Chunk(false, 0, new Usage(12, 34), false));
  }

  @Test
  void nonStreamedResponseReadsMessageContentAndUsage() throws IOException {
    var c =
        OpenAiChunks.scan(
            "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}");
    assertThat(c).isEqualTo(new OpenAiChunks.Chunk(true, 1, new Usage(1, 2), false));
  }

  @Test
  void errorObjectIsReported() throws IOException {
    assertThat(OpenAiChunks.scan("{\"error\":{\"message\":\"overloaded\"}}").error()).isTrue();
    assertThat(OpenAiChunks.scan("{\"error\":null,\"choices\":[]}").error()).isFalse();
  }

  @Test
  void malformedJsonIsAnError() {
    assertThatThrownBy(() -> OpenAiChunks.scan("{\"choices\":[")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> OpenAiChunks.scan("[1]")).isInstanceOf(IOException.class);
  }

  @Test
  void bytesReadAsTheirString() throws IOException {
    for (String json :
        new String[] {
          "{\"choices\":[{\"index\":0,\"text\":\" caf\u00e9 \ud83d\ude00\"}],\"usage\":{\"prompt_tokens\":3,"
              + "\"completion_tokens\":16}}",
          "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"\u00fc\"}}]}",
          "{\"choices\":[]}",
          "{\"error\":{\"message\":\"overloaded\"}}"
        }) {
      assertThat(OpenAiChunks.scan(json.getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(OpenAiChunks.scan(json));
    }
    assertThatThrownBy(() -> OpenAiChunks.scan("{\"choices\":[".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }
}
