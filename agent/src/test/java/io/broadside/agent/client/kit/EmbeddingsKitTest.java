package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;

/**
 * OpenAI-compatible embeddings ({@code /v1/embeddings}) through the whole kit: one JSON answer,
 * latency only, the input tokens the server counted; errors, faults and splits as any protocol.
 */
class EmbeddingsKitTest extends TargetCompatibilityKit {
  @Override
  Family family() {
    return Family.OPENAI;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.EMBEDDINGS;
  }

  @Override
  String errorClass() {
    return "http_500";
  }

  /** The input tokens each answer reports are the ones the simulator's log counted. */
  @org.junit.jupiter.api.Test
  void eachAnswerReportsTheInputTokensTheServerCounted() {
    java.nio.file.Path log = dir.resolve("input.jsonl");
    io.broadside.simulator.Simulator sim =
        simulator(
            c -> c.withPreset(io.broadside.simulator.config.GpuPreset.INSTANT).withRequestLog(log));
    var answers = sendSequentially(client(sim, false, java.time.Duration.ofSeconds(10)), MODEL, 4);
    await(sim.close());
    var served = io.broadside.simulator.log.RequestLogReader.read(log);
    org.assertj.core.api.Assertions.assertThat(served).hasSize(4);
    for (int i = 0; i < 4; i++) {
      org.assertj.core.api.Assertions.assertThat(answers.get(i).ok()).isTrue();
      org.assertj.core.api.Assertions.assertThat(answers.get(i).usage.promptTokens())
          .as("input tokens of answer " + i)
          .isEqualTo(served.get(i).promptTokens())
          .isPositive();
      org.assertj.core.api.Assertions.assertThat(served.get(i).endpoint()).isEqualTo("embeddings");
    }
  }
}
