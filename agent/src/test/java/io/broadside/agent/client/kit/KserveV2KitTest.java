package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;

class KserveV2KitTest extends TargetCompatibilityKit {
  @Override
  Family family() {
    return Family.KSERVE;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.KSERVE_V2;
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
