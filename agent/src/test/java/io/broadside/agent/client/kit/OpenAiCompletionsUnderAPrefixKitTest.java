package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;

/** OpenAI completions mounted under KServe's {@code /openai/v1}. */
class OpenAiCompletionsUnderAPrefixKitTest extends TargetCompatibilityKit {
  @Override
  Family family() {
    return Family.OPENAI;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.OPENAI_COMPLETIONS;
  }

  @Override
  String basePath() {
    return "/openai/v1";
  }

  @Override
  String errorClass() {
    return "http_500";
  }
}
