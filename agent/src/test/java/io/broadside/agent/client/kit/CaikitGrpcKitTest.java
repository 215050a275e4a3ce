package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;

class CaikitGrpcKitTest extends TargetCompatibilityKit {
  @Override
  Family family() {
    return Family.GRPC;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.CAIKIT;
  }

  @Override
  String errorClass() {
    return "grpc_INTERNAL";
  }

  @Override
  boolean standsForItsFamily() {
    return true;
  }
}
