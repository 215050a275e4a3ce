package io.broadside.common.plan;

import java.net.URI;

/**
 * A model served by the target; {@code weight} matters for {@link ModelChoice#WEIGHTED}.
 *
 * @param url nullable: the model's own base URL (each KServe InferenceService has its own host),
 *     used instead of the target's
 */
public record Model(String name, double weight, URI url) {
  /** A model at the target's URL. */
  public Model(String name, double weight) {
    this(name, weight, null);
  }
}
