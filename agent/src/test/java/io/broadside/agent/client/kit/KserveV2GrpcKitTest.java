package io.broadside.agent.client.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.common.plan.Tensor;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.GpuPreset;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KserveV2GrpcKitTest extends TargetCompatibilityKit {
  private boolean raw;

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
    if (!raw) {
      return super.tensors();
    }
    return List.of(
        new Tensor("INPUT0", List.of(2L, 4L), "FP16", Tensor.Fill.RANDOM, null),
        new Tensor("INPUT1", List.of(2L, 3L), "INT32", Tensor.Fill.RANDOM, null));
  }

  /** FP16 has no typed field: every input then travels as raw_input_contents. */
  @Test
  void fp16InputsTravelAsRawContents() {
    raw = true;
    Simulator sim = simulator(c -> c.withPreset(GpuPreset.INSTANT));

    RecordingListener a =
        sendSequentially(client(sim, false, Duration.ofSeconds(5)), MODEL, 1).get(0);

    assertThat(a.ok()).as(a.toString()).isTrue();
  }

  @Override
  boolean standsForItsFamily() {
    return true;
  }
}
