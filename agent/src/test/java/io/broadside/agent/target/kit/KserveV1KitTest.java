package io.broadside.agent.target.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.common.plan.Tensor;
import io.broadside.simulator.Family;
import java.util.List;

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

  @Override
  List<Tensor> tensors() {
    return List.of(
        new Tensor("INPUT0", List.of(2L, 4L), "FP32", Tensor.Fill.RANDOM, null),
        new Tensor("INPUT1", List.of(2L, 4L), "INT64", Tensor.Fill.ZEROS, null));
  }
}
