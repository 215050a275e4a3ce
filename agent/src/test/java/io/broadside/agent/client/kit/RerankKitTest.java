package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;
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
  List<String> documents() {
    return DOCUMENTS;
  }

  @Override
  boolean reportsInputTokens() {
    return true;
  }

  @Override
  String errorClass() {
    return "http_500";
  }
}
