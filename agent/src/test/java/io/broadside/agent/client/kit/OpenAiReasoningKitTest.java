package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.Generation;
import io.broadside.simulator.config.SimulatorConfig;

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

  @Override
  Generation.ReasoningFormat reasoning() {
    return Generation.ReasoningFormat.FIELD;
  }

  @Override
  SimulatorConfig configure(SimulatorConfig config) {
    return config.withGeneration(new Generation(0.5, reasoning(), 0));
  }
}
