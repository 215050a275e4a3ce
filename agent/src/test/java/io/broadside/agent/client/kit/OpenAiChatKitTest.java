package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;

class OpenAiChatKitTest extends TargetCompatibilityKit {
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
  boolean standsForItsFamily() {
    return true;
  }
}
