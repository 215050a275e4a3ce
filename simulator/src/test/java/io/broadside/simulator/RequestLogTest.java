package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestLogTest extends WithTestVertx {

  @Test
  void logsOneTokenChunkPerTokenOnTheIdealStepTimeline() {
    Path log = dir.resolve("requests.jsonl");
    Simulator sim =
        test.simulator(SimulatorConfig.defaults().withPreset(GpuPreset.FAST).withRequestLog(log));
    // as long as the measured request: a shorter one left its later steps uncompiled, and the
    // compiler then stalled the measured one in its first half on a busy machine
    String warmUp = "{\"prompt\": \"x\", \"max_tokens\": 1000, \"stream\": true}";
    test.post(sim.port(), "/v1/completions", warmUp); // JIT-compiles the streaming path
    long before = System.currentTimeMillis() * 1_000;

    Reply reply =
        test.post(
            sim.port(),
            "/v1/completions",
            """
            {"prompt": "one two three four five six seven eight nine ten",
             "max_tokens": 1000, "stream": true}
            """);
    TestVertx.await(sim.close());

    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries).hasSize(2);
    RequestLogEntry entry = entries.get(1);
    assertThat(entry.status()).isEqualTo(200);
    assertThat(entry.endpoint()).isEqualTo("completions");
    assertThat(entry.model()).isEqualTo("llama-2-7b");
    assertThat(entry.stream()).isTrue();
    assertThat(entry.remote()).isEqualTo("127.0.0.1:" + reply.localPort());
    assertThat(entry.promptTokens()).isEqualTo(10);
    assertThat(entry.completionTokens()).isEqualTo(1000);
    assertThat(entry.tokenChunksUs()).hasSize(1000).isSorted();
    assertThat(entry.chunksUs()).hasSize(1001).isSorted(); // tokens and [DONE]
    assertThat(entry.arrivalUs()).isBetween(before - 1_000_000, before + 5_000_000);

    // fast: 1 ms + 10 µs per running sequence, 10 µs prefill. Writes are never early; on a busy
    // machine some are late (a timer fires late, then catches up), so single gaps vary by a few ms.
    long stepUs = 1_000 + 10;
    List<Long> times = entry.tokenChunksUs();
    assertThat(times.get(999) - entry.arrivalUs())
        .as("e2e µs, never shorter than 1000 steps")
        .isGreaterThanOrEqualTo(1_020 + 999 * stepUs);
    assertThat(median(gaps(times))).as("median gap, µs").isCloseTo(stepUs, within(2_000.0));
    // lateness against the ideal timeline stays level (no drift) even when every write is late
    List<Long> lateness = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      lateness.add(times.get(i) - entry.arrivalUs() - (1_020 + i * stepUs));
    }
    double early = median(lateness.subList(0, 500));
    double late = median(lateness.subList(500, 1000));
    assertThat(late - early).as("drift over 500 steps, µs").isCloseTo(0.0, within(5_000.0));
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

  private static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static List<Long> gaps(List<Long> times) {
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < times.size(); i++) {
      gaps.add(times.get(i) - times.get(i - 1));
    }
    return gaps;
  }
}
