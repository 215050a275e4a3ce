package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;

/**
 * OpenAI's Responses API ({@code /v1/responses}) through the whole kit: typed events, one token per
 * {@code response.output_text.delta}, the output from {@code response.completed}'s usage, through
 * the re-splitting proxy and every fault.
 */
class OpenAiResponsesKitTest extends TargetCompatibilityKit {
  @Override
  Family family() {
    return Family.OPENAI;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.OPENAI_RESPONSES;
  }

  @Override
  String errorClass() {
    return "http_500";
  }
}
