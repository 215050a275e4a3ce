package io.broadside.agent.client.kserve;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.broadside.agent.client.ExchangeSink;
import io.broadside.agent.client.TargetClient;
import io.broadside.agent.client.grpc.GrpcReader;
import io.broadside.agent.client.grpc.GrpcTargetClient;
import io.broadside.agent.client.grpc.GrpcTransport;
import io.broadside.common.plan.Tensor;
import io.broadside.protocol.kserve.InferTensorContents;
import io.broadside.protocol.kserve.ModelInferRequest;
import io.broadside.protocol.kserve.ModelInferResponse;
import io.broadside.protocol.kserve.ModelReadyRequest;
import io.broadside.protocol.serving.KserveGrpc;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Open Inference Protocol gRPC {@code ModelInfer} (PROTOCOLS.md §1.3): inputs as typed {@code
 * contents}, or all as {@code raw_input_contents} when any is FP16 (which has no typed field) or
 * takes images, and {@code ModelReady} for readiness. Messages are encoded once, off the event loop
 * (see {@link KserveInputs}); a call only names its model.
 */
public final class KserveGrpcClients {
  private KserveGrpcClients() {}

  /**
   * Sends each call the next of {@code requests} (see {@link KserveInputs}) from {@code first} on,
   * with the model's name set.
   */
  public static TargetClient create(
      GrpcTransport transport, List<ModelInferRequest> requests, int first) {
    PayloadCycle<ModelInferRequest> cycle = new PayloadCycle<>(requests, first);
    Map<String, ModelInferRequest> byModel = new HashMap<>();
    return new GrpcTargetClient(
        transport,
        (request, listener) ->
            transport.call(
                KserveGrpc.MODEL_INFER.client(),
                cycle.size() == 1
                    ? byModel.computeIfAbsent(request.model(), m -> named(cycle.next(), m))
                    : named(cycle.next(), request.model()),
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

  /** A shallow copy: the inputs and raw contents are shared. */
  private static ModelInferRequest named(ModelInferRequest request, String model) {
    return request.toBuilder().setModelName(model).build();
  }

  /** The request of tensors that all have their elements. */
  static ModelInferRequest request(List<TensorData> tensors) {
    boolean raw = tensors.stream().anyMatch(t -> t.datatype().equals("FP16"));
    ModelInferRequest.Builder b = ModelInferRequest.newBuilder();
    for (TensorData t : tensors) {
      ModelInferRequest.InferInputTensor.Builder in = input(t.name(), t.shape(), t.datatype());
      if (raw) {
        b.addRawInputContents(ByteString.copyFrom(t.raw()));
      } else {
        in.setContents(contents(t));
      }
      b.addInputs(in);
    }
    return b.build();
  }

  private static ModelInferRequest.InferInputTensor.Builder input(
      String name, List<Long> shape, String datatype) {
    return ModelInferRequest.InferInputTensor.newBuilder()
        .setName(name)
        .setDatatype(datatype)
        .addAllShape(shape);
  }

  /**
   * Encodes the requests of a plan's tensors: with a tensor of images every input travels as {@code
   * raw_input_contents} (as Triton's clients send them), the other tensors' bytes made once and
   * shared by every request.
   */
  static final class Encoder {
    private final List<Tensor> plan;
    private final List<TensorData> data;
    private final List<ByteString> raw = new ArrayList<>();

    /**
     * @param data each tensor's elements, null at the tensor of images
     */
    Encoder(List<Tensor> plan, List<TensorData> data) {
      this.plan = plan;
      this.data = data;
      for (TensorData t : data) {
        raw.add(t == null ? null : UnsafeByteOperations.unsafeWrap(t.raw()));
      }
    }

    /**
     * @param image nullable when every tensor has its elements
     */
    ModelInferRequest request(ImageElements image) {
      if (image == null) {
        return KserveGrpcClients.request(data);
      }
      ModelInferRequest.Builder b = ModelInferRequest.newBuilder();
      for (int i = 0; i < plan.size(); i++) {
        Tensor t = plan.get(i);
        b.addInputs(input(t.name(), t.shape(), t.datatype()));
        b.addRawInputContents(
            raw.get(i) != null ? raw.get(i) : UnsafeByteOperations.unsafeWrap(image.raw()));
      }
      return b.build();
    }
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
