package io.broadside.agent.target;

import io.broadside.agent.target.kserve.TensorData;
import io.broadside.common.plan.Target;
import io.broadside.common.plan.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A target with everything its clients need read in advance, off the event loops: its secrets and
 * TLS files, and the elements of its tensors. Immutable; shared by an agent's lanes.
 */
public record PreparedTarget(Target target, TargetSecrets secrets, List<TensorData> tensors) {
  public PreparedTarget {
    tensors = List.copyOf(tensors);
  }

  /** Reads environment variables and files: call on a worker thread. */
  public static PreparedTarget prepare(Target target, long seed) {
    List<TensorData> tensors = new ArrayList<>();
    for (Tensor t : target.tensors()) {
      tensors.add(TensorData.of(t, seed));
    }
    return new PreparedTarget(target, TargetSecrets.resolve(target), tensors);
  }

  /** The same target, secrets and tensors at another base URL (a model's own). */
  public PreparedTarget withUrl(java.net.URI url) {
    return url.equals(target.url())
        ? this
        : new PreparedTarget(target.withUrl(url), secrets, tensors);
  }
}
