package io.broadside.protocol.serving;

import io.broadside.protocol.tgis.BatchedGenerationRequest;
import io.broadside.protocol.tgis.BatchedGenerationResponse;
import io.broadside.protocol.tgis.GenerationResponse;
import io.broadside.protocol.tgis.ModelInfoRequest;
import io.broadside.protocol.tgis.ModelInfoResponse;
import io.broadside.protocol.tgis.SingleGenerationRequest;
import io.vertx.grpc.common.ServiceName;

/** {@code fmaas.GenerationService} (TGIS, PROTOCOLS.md §2.1). */
public final class TgisGrpc {
  public static final ServiceName SERVICE = ServiceName.create("fmaas", "GenerationService");

  public static final TargetMethod<BatchedGenerationRequest, BatchedGenerationResponse> GENERATE =
      TargetMethod.of(
          SERVICE,
          "Generate",
          BatchedGenerationRequest.getDefaultInstance(),
          BatchedGenerationResponse.getDefaultInstance());

  public static final TargetMethod<SingleGenerationRequest, GenerationResponse> GENERATE_STREAM =
      TargetMethod.of(
          SERVICE,
          "GenerateStream",
          SingleGenerationRequest.getDefaultInstance(),
          GenerationResponse.getDefaultInstance());

  public static final TargetMethod<ModelInfoRequest, ModelInfoResponse> MODEL_INFO =
      TargetMethod.of(
          SERVICE,
          "ModelInfo",
          ModelInfoRequest.getDefaultInstance(),
          ModelInfoResponse.getDefaultInstance());

  private TgisGrpc() {}
}
