package io.broadside.simulator.config;

import java.util.Objects;

/**
 * The SageMaker family's endpoint. When both credentials are set every request must carry a valid
 * SigV4 signature (service {@code sagemaker}, this region) by them, else 403
 * InvalidSignatureException; when they are {@code null} signatures are not checked.
 *
 * @param endpointName the only endpoint name served
 * @param region the signing region
 * @param accessKeyId the one access key id accepted, or {@code null}
 * @param secretAccessKey its secret, or {@code null}
 */
public record SageMakerConfig(
    String endpointName, String region, String accessKeyId, String secretAccessKey) {

  /** Rejects a missing name or region, and one credential without the other. */
  public SageMakerConfig {
    Objects.requireNonNull(endpointName, "endpointName");
    Objects.requireNonNull(region, "region");
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException("give both accessKeyId and secretAccessKey, or neither");
    }
  }

  /** Endpoint {@code broadside-sim} in {@code us-east-1}, no signature check. */
  public static SageMakerConfig defaults() {
    return new SageMakerConfig("broadside-sim", "us-east-1", null, null);
  }

  /** Whether requests must be signed. */
  public boolean checksSignatures() {
    return accessKeyId != null;
  }
}
