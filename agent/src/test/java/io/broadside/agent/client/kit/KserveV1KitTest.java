package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;

class KserveV1KitTest extends TargetCompatibilityKit {
  @Override
  Family family() {
    return Family.KSERVE;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.KSERVE_V1;
  }

  @Override
  String errorClass() {
    return "http_500";
  }
}
