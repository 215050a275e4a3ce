package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiStreamingTest extends WithTestVertx {
  private static final String CHAT =
      """
      {"model": "llama-2-7b", "messages": [{"role": "user", "content": "one two three"}],
       "max_tokens": 5, "stream": true, "stream_options": {"include_usage": true}}
      """;

  @Test
  void streamedChatSendsRoleChunkThenOneChunkPerTokenThenUsageThenDone() {
    Simulator sim = test.simulator(SimulatorConfig.defaults().withPreset(GpuPreset.INSTANT));

    Reply reply = test.post(sim.port(), "/v1/chat/completions", CHAT);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("text/event-stream");
    List<String> events = reply.events();
    assertThat(events).hasSize(1 + 5 + 1 + 1).last().isEqualTo("[DONE]");
    List<JsonObject> chunks = reply.chunks();
    assertThat(chunks)
        .allSatisfy(c -> assertThat(c.getString("object")).isEqualTo("chat.completion.chunk"));
    assertThat(chunks)
        .extracting(c -> c.getString("id"))
        .containsOnly(chunks.get(0).getString("id"));
    assertThat(Reply.firstChoice(chunks.get(0)).getJsonObject("delta").getMap())
        .containsExactly(java.util.Map.entry("role", "assistant"));
    List<JsonObject> tokens = chunks.subList(1, 6);
    assertThat(tokens)
        .allSatisfy(
            c ->
                assertThat(Reply.firstChoice(c).getJsonObject("delta").getString("content"))
                    .isNotBlank());
    assertThat(tokens)
        .extracting(c -> Reply.firstChoice(c).getString("finish_reason"))
        .containsExactly(null, null, null, null, "length");
    JsonObject usage = chunks.get(6);
    assertThat(usage.getJsonArray("choices")).isEmpty();
    assertThat(usage.getJsonObject("usage").getMap())
        .containsEntry("prompt_tokens", 3)
        .containsEntry("completion_tokens", 5)
        .containsEntry("total_tokens", 8);
    await(sim.close());
  }

  @Test
  void streamedCompletionsSendTextChunksAndNoUsageUnlessAsked() {
    Simulator sim = test.simulator(SimulatorConfig.defaults().withPreset(GpuPreset.INSTANT));

    Reply reply =
        test.post(
            sim.port(),
            "/v1/completions",
            """
            {"model": "llama-2-7b", "prompt": "a b", "max_tokens": 3, "stream": true}
            """);

    assertThat(reply.events()).hasSize(3 + 1).last().isEqualTo("[DONE]");
    assertThat(reply.chunks())
        .allSatisfy(
            c -> {
              assertThat(c.getString("object")).isEqualTo("text_completion");
              assertThat(Reply.firstChoice(c).getString("text")).isNotBlank();
              assertThat(c.containsKey("usage")).isFalse();
            });
    await(sim.close());
  }

  @Test
  void roleChunkGoesOutAtArrivalOrRightBeforeTheFirstToken() {
    GpuPreset slow = new GpuPreset("slow", 4, Duration.ofMillis(100), Duration.ZERO, Duration.ZERO);
    Path early = dir.resolve("early.jsonl");
    Path late = dir.resolve("late.jsonl");

    serveOneChat(SimulatorConfig.defaults().withPreset(slow).withRequestLog(early));
    serveOneChat(
        SimulatorConfig.defaults().withPreset(slow).withRequestLog(late).withRoleChunkEarly(false));

    // the first token ends a 100 ms step; writes are never early but may be late on a busy box
    RequestLogEntry atArrival = RequestLogReader.read(early).get(0);
    long roleAt = atArrival.chunksUs().get(0);
    assertThat(roleAt - atArrival.arrivalUs()).isLessThan(50_000);
    assertThat(atArrival.tokenChunksUs().get(0) - roleAt).isGreaterThan(80_000);
    RequestLogEntry beforeToken = RequestLogReader.read(late).get(0);
    long lateRoleAt = beforeToken.chunksUs().get(0);
    assertThat(lateRoleAt - beforeToken.arrivalUs()).isGreaterThanOrEqualTo(99_000);
    assertThat(beforeToken.tokenChunksUs().get(0) - lateRoleAt).isBetween(0L, 20_000L);
  }

  private void serveOneChat(SimulatorConfig config) {
    Simulator sim = test.simulator(config);
    String oneToken =
        "{\"messages\": [{\"content\": \"hi\"}], \"max_tokens\": 1, \"stream\": true}";
    assertThat(test.post(sim.port(), "/v1/chat/completions", oneToken).events()).hasSize(3);
    await(sim.close());
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    return TestVertx.await(future);
  }
}
