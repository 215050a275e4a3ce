package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.Generation;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.engine.PrefixCache;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's prefix cache, as vLLM's automatic prefix caching: whole 16-token blocks of a
 * prompt already seen skip their prefill, the usage says how many prompt tokens were cached, and
 * the least recently used blocks leave when the budget is full.
 */
class PrefixCacheTest extends WithTestVertx {
  @TempDir Path dir;

  /** {@code n} words, each naming its place and {@code tag}. */
  private static String words(String tag, int n) {
    return IntStream.range(0, n).mapToObj(i -> tag + i).collect(Collectors.joining(" "));
  }

  private static String chat(String prompt, boolean stream) {
    return new JsonObject()
        .put("model", "llama-2-7b")
        .put(
            "messages",
            new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("role", "user").put("content", prompt)))
        .put("max_tokens", 2)
        .put("stream", stream)
        .put("stream_options", new JsonObject().put("include_usage", true))
        .encode();
  }

  private int cached(Simulator sim, String prompt) {
    return cached(sim, prompt, "llama-2-7b");
  }

  /** The cached tokens of a chat of {@code prompt} to {@code model} (null: none named). */
  private int cached(Simulator sim, String prompt, String model) {
    JsonObject body = new JsonObject(chat(prompt, false));
    if (model == null) {
      body.remove("model");
    } else {
      body.put("model", model);
    }
    Reply reply = test.post(sim.port(), "/v1/chat/completions", body.encode());
    assertThat(reply.status()).isEqualTo(200);
    return reply
        .json()
        .getJsonObject("usage")
        .getJsonObject("prompt_tokens_details")
        .getInteger("cached_tokens");
  }

  @Test
  void aRepeatedPromptSkipsThePrefillOfItsCachedBlocks() {
    Path log = dir.resolve("requests.jsonl");
    // llama-7b-1gpu: 100 µs of prefill per prompt token
    Simulator sim =
        test.simulator(
            SimulatorConfig.defaults()
                .withRequestLog(log)
                .withGeneration(new Generation(0, Generation.ReasoningFormat.FIELD, 65_536)));
    String prompt = words("w", 1000);
    // a first request of other words: the first answer of a fresh simulator pays its warm-up
    test.post(sim.port(), "/v1/chat/completions", chat(words("x", 1000), true));
    Reply miss = test.post(sim.port(), "/v1/chat/completions", chat(prompt, true));
    Reply hit = test.post(sim.port(), "/v1/chat/completions", chat(prompt, true));
    TestVertx.await(sim.close());

    JsonObject missUsage = miss.chunks().get(miss.chunks().size() - 1).getJsonObject("usage");
    JsonObject hitUsage = hit.chunks().get(hit.chunks().size() - 1).getJsonObject("usage");
    assertThat(missUsage.getJsonObject("prompt_tokens_details").getInteger("cached_tokens"))
        .isZero();
    // 62 whole blocks of 16 of the 1000 tokens
    assertThat(hitUsage.getJsonObject("prompt_tokens_details").getInteger("cached_tokens"))
        .isEqualTo(992);
    List<RequestLogEntry> served = RequestLogReader.read(log);
    assertThat(served).extracting(RequestLogEntry::cachedTokens).containsExactly(0, 0, 992);
    assertThat(served).extracting(RequestLogEntry::promptTokens).containsExactly(1000, 1000, 1000);
    long missTtftUs = served.get(1).tokenChunksUs().get(0) - served.get(1).arrivalUs();
    long hitTtftUs = served.get(2).tokenChunksUs().get(0) - served.get(2).arrivalUs();
    // the hit skipped 992 tokens × 100 µs of prefill: 99.2 ms, within the few milliseconds that
    // each answer's timer may fire late on two busy cores
    assertThat(missTtftUs - hitTtftUs).isBetween(99_200L - 5_000, 99_200L + 5_000);
  }

  @Test
  void onlyTheSharedLeadingBlocksHitAndTheLastPromptTokenIsAlwaysComputed() {
    Simulator sim =
        test.simulator(
            SimulatorConfig.defaults()
                .withPreset(GpuPreset.INSTANT)
                .withModels(List.of("llama-2-7b", "mistral-7b"))
                .withGeneration(new Generation(0, Generation.ReasoningFormat.FIELD, 4096)));
    String prefix = words("p", 40);

    assertThat(cached(sim, prefix + " " + words("a", 30))).isZero();
    // 40 shared words: two whole blocks (32 tokens); the third block differs
    assertThat(cached(sim, prefix + " " + words("b", 30))).isEqualTo(32);
    // a prompt wholly cached still computes its last token
    assertThat(cached(sim, words("c", 32))).isZero();
    assertThat(cached(sim, words("c", 32))).isEqualTo(31);
    // another model has a cache of its own: the same prompt misses there, then hits
    assertThat(cached(sim, words("c", 32), "mistral-7b")).isZero();
    assertThat(cached(sim, words("c", 32), "mistral-7b")).isEqualTo(31);
    // and a request that names no model is its default model's
    assertThat(cached(sim, words("c", 32), null)).isEqualTo(31);
    TestVertx.await(sim.close());
  }

  @Test
  void theLeastRecentlyUsedBlocksLeaveFirst() {
    PrefixCache cache = new PrefixCache(8 * 16, 16);
    long[] a = {1, 2, 3, 4};
    long[] b = {5, 6, 7, 8};
    long[] c = {9, 10, 11, 12};

    assertThat(cache.admit(a, 64)).isZero();
    assertThat(cache.admit(b, 64)).isZero();
    assertThat(cache.admit(a, 64)).isEqualTo(63); // a is now the most recently used
    assertThat(cache.admit(c, 64)).isZero(); // evicts b's four blocks
    assertThat(cache.size()).isEqualTo(8);
    assertThat(cache.admit(a, 64)).isEqualTo(63);
    assertThat(cache.admit(b, 64)).as("evicted").isZero();
  }

  @Test
  void withoutACacheTheUsageSaysNothingOfCachedTokens() {
    Simulator sim = test.simulator(SimulatorConfig.defaults().withPreset(GpuPreset.INSTANT));
    Reply reply = test.post(sim.port(), "/v1/chat/completions", chat("a b c", false));
    assertThat(reply.json().getJsonObject("usage").containsKey("prompt_tokens_details")).isFalse();
    TestVertx.await(sim.close());
  }
}
