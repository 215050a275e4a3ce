package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;

class TgisKitTest extends TargetCompatibilityKit {
  @Override
  Family family() {
    return Family.GRPC;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.TGIS;
  }

  @Override
  String errorClass() {
    return "grpc_INTERNAL";
  }
}
