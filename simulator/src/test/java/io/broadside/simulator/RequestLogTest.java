package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestLogTest {
  @TempDir Path dir;
  private TestVertx test;

  @BeforeEach
  void start() {
    test = TestVertx.start();
  }

  @AfterEach
  void stop() {
    test.close();
  }

  @Test
  void logsOneTokenChunkPerTokenOnTheIdealStepTimeline() {
    Path log = dir.resolve("requests.jsonl");
    Simulator sim =
        test.simulator(SimulatorConfig.defaults().withPreset(GpuPreset.FAST).withRequestLog(log));
    long before = System.currentTimeMillis() * 1_000;

    Reply reply =
        test.post(
            sim.port(),
            "/v1/completions",
            """
            {"prompt": "one two three four five six seven eight nine ten",
             "max_tokens": 200, "stream": true}
            """);
    TestVertx.await(sim.close());

    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries).hasSize(1);
    RequestLogEntry entry = entries.get(0);
    assertThat(entry.status()).isEqualTo(200);
    assertThat(entry.endpoint()).isEqualTo("completions");
    assertThat(entry.model()).isEqualTo("llama-2-7b");
    assertThat(entry.stream()).isTrue();
    assertThat(entry.remote()).isEqualTo("127.0.0.1:" + reply.localPort());
    assertThat(entry.promptTokens()).isEqualTo(10);
    assertThat(entry.completionTokens()).isEqualTo(200);
    assertThat(entry.tokenChunksUs()).hasSize(200).isSorted();
    assertThat(entry.chunksUs()).hasSize(201).isSorted(); // tokens and [DONE]
    assertThat(entry.arrivalUs()).isBetween(before - 1_000_000, before + 5_000_000);
    assertThat(entry.tokenChunksUs().get(0)).isGreaterThanOrEqualTo(entry.arrivalUs());

    // fast: 1 ms + 10 µs per running sequence, 10 µs prefill; writes are never early, often late
    double stepUs = 1_000 + 10;
    long e2e = entry.tokenChunksUs().get(199) - entry.arrivalUs();
    assertThat(e2e).as("e2e µs: 200 steps on the ideal timeline").isBetween(202_000L, 250_000L);
    List<Long> gaps = gaps(entry.tokenChunksUs());
    long nearStep = gaps.stream().filter(g -> Math.abs(g - stepUs) <= 2_000).count();
    assertThat(nearStep)
        .as("gaps within 2 ms of a step, of %s", gaps)
        .isGreaterThanOrEqualTo(gaps.size() * 9 / 10);
  }

  @Test
  void logsErrorsAndEveryRequestOnce() {
    Path log = dir.resolve("requests.jsonl");
    Simulator sim =
        test.simulator(
            SimulatorConfig.defaults().withPreset(GpuPreset.INSTANT).withRequestLog(log));

    for (int i = 0; i < 5; i++) {
      test.post(sim.port(), "/v1/chat/completions", "{\"messages\":[{\"content\":\"hi\"}]}");
    }
    test.post(sim.port(), "/v1/completions", "{\"model\": \"gpt-9\", \"prompt\": \"x\"}");
    test.post(sim.port(), "/v1/completions", "{oops");
    TestVertx.await(sim.close());

    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries)
        .extracting(RequestLogEntry::status)
        .containsExactly(200, 200, 200, 200, 200, 404, 400);
    assertThat(entries).extracting(RequestLogEntry::id).doesNotHaveDuplicates();
    assertThat(entries.get(0).tokenChunksUs()).hasSize(1); // one body carries all 16 tokens
    assertThat(entries.get(0).completionTokens()).isEqualTo(16);
    assertThat(entries.get(5).model()).isEqualTo("gpt-9");
  }

  private static List<Long> gaps(List<Long> times) {
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < times.size(); i++) {
      gaps.add(times.get(i) - times.get(i - 1));
    }
    return gaps;
  }
}
