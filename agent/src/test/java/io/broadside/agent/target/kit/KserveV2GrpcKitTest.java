package io.broadside.agent.target.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.common.plan.Tensor;
import io.broadside.simulator.Family;
import java.util.List;

class KserveV2GrpcKitTest extends TargetCompatibilityKit {
  @Override
  Family family() {
    return Family.GRPC;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.KSERVE_V2_GRPC;
  }

  @Override
  String errorClass() {
    return "grpc_INTERNAL";
  }

  @Override
  List<Tensor> tensors() {
    return List.of(
        new Tensor("INPUT0", List.of(2L, 4L), "FP32", Tensor.Fill.RANDOM, null),
        new Tensor("INPUT1", List.of(2L, 4L), "INT64", Tensor.Fill.ZEROS, null));
  }
}
