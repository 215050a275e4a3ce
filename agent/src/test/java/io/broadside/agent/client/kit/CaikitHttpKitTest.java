package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;

class CaikitHttpKitTest extends TargetCompatibilityKit {
  @Override
  Family family() {
    return Family.CAIKIT_HTTP;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.CAIKIT_HTTP;
  }

  @Override
  String errorClass() {
    return "http_500";
  }
}
