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

  @Test
  void reasoningInItsOwnFieldIsAReasoningChunk() throws IOException {
    for (String field : new String[] {"reasoning_content", "reasoning"}) {
      var c = OpenAiChunks.scan("{\"choices\":[{\"delta\":{\"" + field + "\":\" so\"}}]}");
      assertThat(c.tokens()).isEqualTo(1);
      assertThat(c.reasoning()).as(field).isTrue();
    }
    var empty = OpenAiChunks.scan("{\"choices\":[{\"delta\":{\"reasoning_content\":\"\"}}]}");
    assertThat(empty.tokens()).isZero();
    var answer = OpenAiChunks.scan("{\"choices\":[{\"delta\":{\"content\":\"x\"}}]}");
    assertThat(answer.reasoning()).isFalse();
  }

  @Test
  void thinkTagsInTheContentAreTold() throws IOException {
    assertThat(think("<think>")).isEqualTo(OpenAiChunks.THINK_OPENS);
    assertThat(think("</think>")).isEqualTo(OpenAiChunks.THINK_CLOSES);
    assertThat(think("</think>\n\n")).isEqualTo(OpenAiChunks.THINK_CLOSES);
    assertThat(think("done.</think> Paris"))
        .isEqualTo(OpenAiChunks.THINK_CLOSES | OpenAiChunks.TEXT_AFTER_THINK);
    assertThat(think("<think>a</think>b"))
        .isEqualTo(
            OpenAiChunks.THINK_OPENS | OpenAiChunks.THINK_CLOSES | OpenAiChunks.TEXT_AFTER_THINK);
    assertThat(think("a < b <thin")).isZero();
  }

  private static int think(String content) throws IOException {
    return OpenAiChunks.scan(delta("content", content)).think();
  }

  /** A stream chunk whose first choice's delta holds {@code field}: {@code text}. */
  private static String delta(String field, String text) {
    return new io.vertx.core.json.JsonObject()
        .put(
            "choices",
            new io.vertx.core.json.JsonArray()
                .add(
                    new io.vertx.core.json.JsonObject()
                        .put("delta", new io.vertx.core.json.JsonObject().put(field, text))))
        .encode();
  }

  @Test
  void aThinkSpanMakesItsChunksReasoningAndAClosingTagAloneMakesEveryEarlierOne()
      throws IOException {
    assertThat(kinds("<think>", " a", " b", "</think>", " c", " d")).isEqualTo("rrrraa");
    assertThat(kinds("<think>", " a", "</think> c", " d")).isEqualTo("rraa");
    // the chat template put <think> in the prompt: the stream shows only the closing tag
    assertThat(kinds(" a", " b", "</think>", " c")).isEqualTo("aaRa");
    // after the span, tags are text
    assertThat(kinds(" a", " <think>", " b", "</think>")).isEqualTo("arrr");
    assertThat(kinds("<think>", "</think>", "<think>", " b")).isEqualTo("rraa");
    assertThat(kinds(" a", " b")).isEqualTo("aa");
    // a reasoning field is reasoning wherever it comes
    assertThat(kinds("reasoning: so", "reasoning: then", " a")).isEqualTo("rra");
  }

  /**
   * What a stream of these contents is told as: a answer, r reasoning, R all so far reasoning; a
   * content of the form {@code reasoning:…} is sent in the reasoning field instead.
   */
  private static String kinds(String... contents) throws IOException {
    var sink = new io.broadside.agent.client.RecordingSink();
    var split = new OpenAiDialect.ReasoningSplit();
    for (String content : contents) {
      String chunk =
          content.startsWith("reasoning:")
              ? delta("reasoning_content", content.substring("reasoning:".length()))
              : delta("content", content);
      split.tell(OpenAiChunks.scan(chunk), sink);
    }
    return sink.kinds.toString();
  }

  @Test
  void usageDetailsGiveTheCachedAndTheReasoningTokens() throws IOException {
    var chat =
        OpenAiChunks.scan(
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":30,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":64,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":12}}}");
    assertThat(chat.usage()).isEqualTo(new Usage(100, 30, 64, 12));
    var plain =
        OpenAiChunks.scan(
            "{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,"
                + "\"prompt_tokens_details\":null}}");
    assertThat(plain.usage()).isEqualTo(new Usage(1, 2, -1, -1));
    var responses =
        OpenAiChunks.scan(
            "{\"usage\":{\"input_tokens\":9,\"output_tokens\":5,"
                + "\"input_tokens_details\":{\"cached_tokens\":0},"
                + "\"output_tokens_details\":{\"reasoning_tokens\":3}}}");
    assertThat(responses.usage()).isEqualTo(new Usage(9, 5, 0, 3));
  }
}
