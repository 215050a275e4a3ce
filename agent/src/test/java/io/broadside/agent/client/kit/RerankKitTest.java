package io.broadside.agent.client.kit;

import io.broadside.common.plan.Target;
import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * vLLM's and Cohere's rerank ({@code /v1/rerank}) through the whole kit: each prompt as the query
 * against the plan's documents, one JSON answer of results, latency only.
 */
class RerankKitTest extends TargetCompatibilityKit {
  static final List<String> DOCUMENTS =
      List.of("The sea is salty.", "Paris is in France.", "Tokens cost money.");

  @Override
  Family family() {
    return Family.OPENAI;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.RERANK;
  }

  @Override
  Target target(URI url, boolean stream, Duration timeout) {
    Target t = super.target(url, stream, timeout);
    return new Target(
        t.name(),
        t.protocol(),
        t.url(),
        t.stream(),
        t.timeout(),
        t.auth(),
        t.headers(),
        t.http2(),
        t.tls(),
        t.sagemaker(),
        t.template(),
        t.tensors(),
        null,
        null,
        DOCUMENTS);
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
      org.assertj.core.api.Assertions.assertThat(served.get(i).endpoint()).isEqualTo("rerank");
    }
  }
}
