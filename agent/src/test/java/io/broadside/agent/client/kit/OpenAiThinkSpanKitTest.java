package io.broadside.agent.client.kit;

import io.broadside.simulator.config.Generation;

/**
 * The whole kit against a reasoning model served without a reasoning parser: its reasoning is a
 * {@code <think>…</think>} span at the head of the content, one tag per chunk, not counted apart in
 * the usage. The chunks from the opening tag to the closing one are reasoning, the rest answer.
 */
class OpenAiThinkSpanKitTest extends OpenAiReasoningKitTest {
  @Override
  Generation.ReasoningFormat reasoning() {
    return Generation.ReasoningFormat.THINK;
  }
}
