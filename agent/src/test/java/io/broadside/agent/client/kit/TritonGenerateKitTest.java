package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;

class TritonGenerateKitTest extends TargetCompatibilityKit {
  @Override
  Family family() {
    return Family.KSERVE;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.TRITON_GENERATE;
  }

  @Override
  String errorClass() {
    return "http_500";
  }

  @Override
  boolean unaryCountsTokens() {
    return false;
  }
}
