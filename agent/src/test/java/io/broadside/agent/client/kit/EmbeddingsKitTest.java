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

  @Override
  boolean reportsInputTokens() {
    return true;
  }
}
