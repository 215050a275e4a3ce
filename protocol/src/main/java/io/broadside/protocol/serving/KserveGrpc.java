package io.broadside.protocol.serving;

import io.broadside.protocol.kserve.ModelInferRequest;
import io.broadside.protocol.kserve.ModelInferResponse;
import io.broadside.protocol.kserve.ModelReadyRequest;
import io.broadside.protocol.kserve.ModelReadyResponse;
import io.broadside.protocol.kserve.ServerReadyRequest;
import io.broadside.protocol.kserve.ServerReadyResponse;
import io.vertx.grpc.common.ServiceName;

/** {@code inference.GRPCInferenceService} (Open Inference Protocol, PROTOCOLS.md §1.3). */
public final class KserveGrpc {
  public static final ServiceName SERVICE = ServiceName.create("inference", "GRPCInferenceService");

  public static final TargetMethod<ModelInferRequest, ModelInferResponse> MODEL_INFER =
      TargetMethod.of(
          SERVICE,
          "ModelInfer",
          ModelInferRequest.getDefaultInstance(),
          ModelInferResponse.getDefaultInstance());

  public static final TargetMethod<ModelReadyRequest, ModelReadyResponse> MODEL_READY =
      TargetMethod.of(
          SERVICE,
          "ModelReady",
          ModelReadyRequest.getDefaultInstance(),
          ModelReadyResponse.getDefaultInstance());

  public static final TargetMethod<ServerReadyRequest, ServerReadyResponse> SERVER_READY =
      TargetMethod.of(
          SERVICE,
          "ServerReady",
          ServerReadyRequest.getDefaultInstance(),
          ServerReadyResponse.getDefaultInstance());

  private KserveGrpc() {}
}
