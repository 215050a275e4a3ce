package io.broadside.protocol.serving;

import io.broadside.protocol.caikit.ServerStreamingTextGenerationTaskRequest;
import io.broadside.protocol.caikit.TextGenerationTaskRequest;
import io.broadside.protocol.caikit.nlp.GeneratedTextResult;
import io.broadside.protocol.caikit.nlp.GeneratedTextStreamResult;
import io.vertx.grpc.common.ServiceName;

/**
 * {@code caikit.runtime.Nlp.NlpService} (PROTOCOLS.md §2.2): text generation, unary and
 * server-streaming. The model is named by the {@value #MODEL_ID_HEADER} metadata header.
 */
public final class CaikitGrpc {
  public static final String MODEL_ID_HEADER = "mm-model-id";

  public static final ServiceName SERVICE = ServiceName.create("caikit.runtime.Nlp", "NlpService");

  public static final TargetMethod<TextGenerationTaskRequest, GeneratedTextResult> GENERATE =
      TargetMethod.of(
          SERVICE,
          "TextGenerationTaskPredict",
          TextGenerationTaskRequest.getDefaultInstance(),
          GeneratedTextResult.getDefaultInstance());

  public static final TargetMethod<
          ServerStreamingTextGenerationTaskRequest, GeneratedTextStreamResult>
      GENERATE_STREAM =
          TargetMethod.of(
              SERVICE,
              "ServerStreamingTextGenerationTaskPredict",
              ServerStreamingTextGenerationTaskRequest.getDefaultInstance(),
              GeneratedTextStreamResult.getDefaultInstance());

  private CaikitGrpc() {}
}
