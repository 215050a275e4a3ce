package io.broadside.agent.client.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.agent.client.TargetClient;
import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.Generation;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole kit against a reasoning model that streams its reasoning in {@code
 * delta.reasoning_content} before the answer, counted in the usage's {@code reasoning_tokens}: the
 * reasoning chunks are token-bearing like the answer's, so tokens, chunks and timings equal the
 * simulator's log; and the chunks told as reasoning are exactly the ones the simulator streamed as
 * reasoning, through any split of the stream.
 */
class OpenAiReasoningKitTest extends TargetCompatibilityKit {
  @Override
  Family family() {
    return Family.OPENAI;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.OPENAI_CHAT;
  }

  @Override
  String errorClass() {
    return "http_500";
  }

  Generation.ReasoningFormat format() {
    return Generation.ReasoningFormat.FIELD;
  }

  @Override
  SimulatorConfig configure(SimulatorConfig config) {
    return config.withGeneration(new Generation(0.5, format(), 0));
  }

  @Test
  void theChunksToldAsReasoningAreTheOnesTheSimulatorStreamedAsReasoning() {
    Path log = dir.resolve("reasoning.jsonl");
    Simulator sim = simulator(c -> c.withPreset(GpuPreset.INSTANT).withRequestLog(log));
    TargetClient client = client(sim, true, Duration.ofSeconds(10));

    List<RecordingListener> answers = sendSequentially(client, MODEL, 3);
    await(sim.close());

    List<RequestLogEntry> served = RequestLogReader.read(log);
    assertThat(served).hasSize(3);
    for (int i = 0; i < 3; i++) {
      RecordingListener a = answers.get(i);
      RequestLogEntry e = served.get(i);
      assertThat(e.reasoningTokens()).isEqualTo(MAX_TOKENS / 2);
      List<RecordingListener.Chunk> tokens = a.tokenChunks();
      assertThat(tokens).hasSize(MAX_TOKENS);
      // the first R token-bearing chunks, and only those, are reasoning
      List<Integer> expected =
          java.util.stream.IntStream.range(0, a.chunks.size())
              .filter(c -> a.chunks.get(c).tokens() > 0)
              .limit(e.reasoningTokens())
              .boxed()
              .toList();
      assertThat(a.reasoning).as(a.toString()).isEqualTo(expected);
      if (format() == Generation.ReasoningFormat.FIELD) {
        assertThat(a.usage.reasoningTokens()).isEqualTo(e.reasoningTokens());
      } else {
        assertThat(a.usage.reasoningTokens())
            .as("a <think> span is not counted apart")
            .isEqualTo(-1);
      }
    }
  }
}
