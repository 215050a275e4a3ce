package io.broadside.agent.client.protocols;

import io.broadside.agent.client.SecretSources;
import io.broadside.agent.client.TargetSecrets;
import io.broadside.agent.client.kserve.KserveInputs;
import io.broadside.common.plan.Target;
import java.net.URI;

/**
 * A target with everything its clients need read in advance, off the event loops: its secrets and
 * TLS files, and its KServe tensors with their requests encoded. Immutable; shared by an agent's
 * lanes.
 */
public record PreparedTarget(Target target, TargetSecrets secrets, KserveInputs kserve) {
  /**
   * Reads environment variables and files and decodes images: call on a worker thread.
   *
   * @param seed the dataset's: random tensor elements and the order of images come from it
   */
  public static PreparedTarget prepare(Target target, long seed) {
    return prepare(target, seed, SecretSources.DEFAULT);
  }

  /** As {@link #prepare(Target, long)}, with secrets only from what {@code sources} allows. */
  public static PreparedTarget prepare(Target target, long seed, SecretSources sources) {
    return new PreparedTarget(
        target, TargetSecrets.resolve(target, sources), KserveInputs.prepare(target, seed));
  }

  /** The same target, secrets and tensors at another base URL (a model's own). */
  public PreparedTarget withUrl(URI url) {
    return url.equals(target.url())
        ? this
        : new PreparedTarget(target.withUrl(url), secrets, kserve);
  }
}
