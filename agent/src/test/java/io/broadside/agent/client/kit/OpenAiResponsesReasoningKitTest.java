package io.broadside.agent.client.kit;

import io.broadside.simulator.config.Generation;
import io.broadside.simulator.config.SimulatorConfig;

/**
 * The whole kit against the Responses API of a reasoning model: a reasoning item whose {@code
 * response.reasoning_text.delta} events come first, then the message, with the usage's {@code
 * output_tokens_details.reasoning_tokens}.
 */
class OpenAiResponsesReasoningKitTest extends OpenAiResponsesKitTest {
  @Override
  Generation.ReasoningFormat reasoning() {
    return Generation.ReasoningFormat.FIELD;
  }

  @Override
  SimulatorConfig configure(SimulatorConfig config) {
    return config.withGeneration(new Generation(0.5, reasoning(), 0));
  }
}
