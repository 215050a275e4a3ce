package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;

class TgiKitTest extends TargetCompatibilityKit {
  @Override
  Family family() {
    return Family.TGI;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.TGI;
  }

  @Override
  String errorClass() {
    return "http_424";
  }

  @Override
  boolean routesModels() {
    return false;
  }

  @Override
  boolean standsForItsFamily() {
    return true;
  }
}
