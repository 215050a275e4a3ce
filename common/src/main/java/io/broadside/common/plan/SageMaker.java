package io.broadside.common.plan;

import java.time.Duration;

/**
 * What a {@code sagemaker} target needs beyond its URL.
 *
 * @param endpoint the endpoint name in {@code /endpoints/{name}/invocations}
 * @param route how the plan's model reaches the endpoint: as the multi-model {@code
 *     X-Amzn-SageMaker-Target-Model} header, as the {@code X-Amzn-SageMaker-Inference-Component}
 *     header, or not at all (a single-model endpoint)
 * @param customAttributes nullable: sent as {@code X-Amzn-SageMaker-Custom-Attributes}
 * @param coldStartAbove nullable: a response slower than this (from the intended send time) counts
 *     as a cold start; a model's first answer on a lane after {@code model_not_ready} always does
 */
public record SageMaker(
    String endpoint, Route route, String customAttributes, Duration coldStartAbove) {

  public enum Route {
    TARGET_MODEL,
    INFERENCE_COMPONENT,
    NONE
  }
}
