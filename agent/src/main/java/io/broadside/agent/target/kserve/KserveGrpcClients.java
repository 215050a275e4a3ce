package io.broadside.agent.target.kserve;

import com.google.protobuf.ByteString;
import io.broadside.agent.target.ExchangeSink;
import io.broadside.agent.target.TargetClient;
import io.broadside.agent.target.grpc.GrpcReader;
import io.broadside.agent.target.grpc.GrpcTargetClient;
import io.broadside.agent.target.grpc.GrpcTransport;
import io.broadside.protocol.kserve.InferTensorContents;
import io.broadside.protocol.kserve.ModelInferRequest;
import io.broadside.protocol.kserve.ModelInferResponse;
import io.broadside.protocol.kserve.ModelReadyRequest;
import io.broadside.protocol.target.KserveGrpc;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Open Inference Protocol gRPC {@code ModelInfer} (PROTOCOLS.md §1.3): inputs as typed {@code
 * contents}, or all as {@code raw_input_contents} when any is FP16 (which has no typed field), and
 * {@code ModelReady} for readiness. The message is built once per model and reused.
 */
public final class KserveGrpcClients {
  private KserveGrpcClients() {}

  public static TargetClient create(GrpcTransport transport, List<TensorData> tensors) {
    ModelInferRequest template = request(tensors);
    java.util.Map<String, ModelInferRequest> byModel = new java.util.HashMap<>();
    return new GrpcTargetClient(
        transport,
        (request, listener) ->
            transport.call(
                KserveGrpc.MODEL_INFER.client(),
                byModel.computeIfAbsent(
                    request.model(), m -> template.toBuilder().setModelName(m).build()),
                null,
                new InferReader(),
                listener),
        model ->
            transport
                .ask(
                    KserveGrpc.MODEL_READY.client(),
                    ModelReadyRequest.newBuilder().setName(model).build())
                .map(r -> r.getReady()));
  }

  static ModelInferRequest request(List<TensorData> tensors) {
    boolean raw = tensors.stream().anyMatch(t -> t.datatype().equals("FP16"));
    ModelInferRequest.Builder b = ModelInferRequest.newBuilder();
    for (TensorData t : tensors) {
      ModelInferRequest.InferInputTensor.Builder in =
          ModelInferRequest.InferInputTensor.newBuilder()
              .setName(t.name())
              .setDatatype(t.datatype())
              .addAllShape(t.shape());
      if (raw) {
        b.addRawInputContents(ByteString.copyFrom(t.raw()));
      } else {
        in.setContents(contents(t));
      }
      b.addInputs(in);
    }
    return b.build();
  }

  private static InferTensorContents contents(TensorData t) {
    InferTensorContents.Builder c = InferTensorContents.newBuilder();
    for (Object v : t.values()) {
      switch (t.datatype()) {
        case "BOOL" -> c.addBoolContents((Boolean) v);
        case "INT8", "INT16", "INT32" -> c.addIntContents(((Long) v).intValue());
        case "INT64" -> c.addInt64Contents((Long) v);
        case "UINT8", "UINT16", "UINT32" -> c.addUintContents(((Long) v).intValue());
        case "UINT64" -> c.addUint64Contents((Long) v);
        case "FP32" -> c.addFp32Contents(((Double) v).floatValue());
        case "FP64" -> c.addFp64Contents((Double) v);
        default -> c.addBytesContents(ByteString.copyFrom((String) v, StandardCharsets.UTF_8));
      }
    }
    return c.build();
  }

  private static final class InferReader implements GrpcReader<ModelInferResponse> {
    private boolean answered;

    @Override
    public void message(ModelInferResponse m, ExchangeSink sink) {
      if (m.getOutputsCount() == 0) {
        sink.fail("protocol", "an inference answer with no outputs");
        return;
      }
      answered = true;
      sink.chunk(0, true);
    }

    @Override
    public void end(ExchangeSink sink) {
      if (answered) {
        sink.complete(false);
      } else {
        sink.fail("protocol", "the call ended with no answer");
      }
    }
  }
}
