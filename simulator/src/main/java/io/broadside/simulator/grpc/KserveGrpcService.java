package io.broadside.simulator.grpc;

import com.google.protobuf.ByteString;
import io.broadside.protocol.kserve.InferTensorContents;
import io.broadside.protocol.kserve.ModelInferRequest;
import io.broadside.protocol.kserve.ModelInferResponse;
import io.broadside.protocol.kserve.ModelReadyResponse;
import io.broadside.protocol.kserve.ServerReadyResponse;
import io.broadside.protocol.serving.KserveGrpc;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.Backend;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * KServe V2 {@code inference.GRPCInferenceService} (PROTOCOLS.md §1.3): {@code ModelInfer} with
 * typed {@code contents} or {@code raw_input_contents} (one per input, little-endian; BYTES
 * elements each a 4-byte length and its bytes), answered with OUTPUT0 FP32 in the first input's
 * shape (its values halved; raw inputs other than FP32 give 0.5 each), after one engine token whose
 * prompt is the number of input elements; an element count that does not match a shape is
 * INVALID_ARGUMENT. {@code ModelReady}, {@code ServerReady}. Runs on the simulator's context.
 */
final class KserveGrpcService {
  private final Backend backend;

  KserveGrpcService(Backend backend) {
    this.backend = backend;
  }

  void bind(GrpcServer server) {
    server.callHandler(KserveGrpc.MODEL_INFER.server(), this::infer);
    server.callHandler(
        KserveGrpc.MODEL_READY.server(),
        call ->
            call.handler(
                request ->
                    call.response()
                        .end(
                            ModelReadyResponse.newBuilder()
                                .setReady(
                                    backend.serves(request.getName())
                                        && backend.host().ready(request.getName()))
                                .build())));
    server.callHandler(
        KserveGrpc.SERVER_READY.server(),
        call ->
            call.handler(
                request ->
                    call.response().end(ServerReadyResponse.newBuilder().setReady(true).build())));
  }

  private void infer(GrpcServerRequest<ModelInferRequest, ModelInferResponse> call) {
    long arrivalUs = backend.clock().nowMicros();
    call.handler(
        request -> {
          String model = request.getModelName();
          RequestRecord record =
              GrpcCalls.record(backend, call, "kserve_v2_grpc_infer", model, false, arrivalUs, 0);
          if (!backend.serves(model)) {
            backend.log(
                record,
                GrpcRefusals.fail(
                    call.response(), GrpcStatus.NOT_FOUND, "Model " + model + " does not exist"));
            return;
          }
          List<Float> output = new ArrayList<>();
          int elements;
          try {
            elements = elements(request, output);
          } catch (IllegalArgumentException e) {
            backend.log(
                record,
                GrpcRefusals.fail(call.response(), GrpcStatus.INVALID_ARGUMENT, e.getMessage()));
            return;
          }
          record.setPromptTokens(elements);
          ModelInferResponse answer =
              ModelInferResponse.newBuilder()
                  .setModelName(model)
                  .setModelVersion("1")
                  .setId(request.getId().isEmpty() ? record.id() : request.getId())
                  .addOutputs(
                      ModelInferResponse.InferOutputTensor.newBuilder()
                          .setName("OUTPUT0")
                          .setDatatype("FP32")
                          .addAllShape(request.getInputs(0).getShapeList())
                          .setContents(InferTensorContents.newBuilder().addAllFp32Contents(output)))
                  .build();
          backend.serve(
              Family.GRPC,
              model,
              record,
              new GrpcRefusals(call.response(), model),
              fault -> GrpcExchange.unary(call, record, backend.clock(), fault, tokens -> answer),
              elements,
              1);
        });
  }

  /** Checks every input against its shape, fills {@code output} from the first; the total. */
  private static int elements(ModelInferRequest request, List<Float> output) {
    if (request.getInputsCount() == 0) {
      throw new IllegalArgumentException("at least one input is needed");
    }
    boolean raw = request.getRawInputContentsCount() > 0;
    if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
      throw new IllegalArgumentException("raw_input_contents must have one entry per input");
    }
    int total = 0;
    for (int i = 0; i < request.getInputsCount(); i++) {
      ModelInferRequest.InferInputTensor input = request.getInputs(i);
      long expected = 1;
      for (long dim : input.getShapeList()) {
        expected *= dim;
      }
      int count;
      List<Float> values = new ArrayList<>();
      if (raw) {
        if (input.hasContents()) {
          throw new IllegalArgumentException("no input may use contents with raw_input_contents");
        }
        count = rawValues(input.getDatatype(), request.getRawInputContents(i), values);
      } else {
        count = typedValues(input.getContents(), values);
      }
      if (count != expected) {
        throw new IllegalArgumentException(
            "input '"
                + input.getName()
                + "' has "
                + count
                + " elements, its shape needs "
                + expected);
      }
      if (i == 0) {
        output.addAll(values);
      }
      total += count;
    }
    return total;
  }

  private static int typedValues(InferTensorContents contents, List<Float> values) {
    contents.getFp32ContentsList().forEach(v -> values.add(v * 0.5f));
    contents.getFp64ContentsList().forEach(v -> values.add((float) (v * 0.5)));
    contents.getIntContentsList().forEach(v -> values.add(v * 0.5f));
    contents.getInt64ContentsList().forEach(v -> values.add(v * 0.5f));
    contents.getUintContentsList().forEach(v -> values.add(v * 0.5f));
    contents.getUint64ContentsList().forEach(v -> values.add(v * 0.5f));
    contents.getBoolContentsList().forEach(v -> values.add(v ? 0.5f : 0f));
    contents.getBytesContentsList().forEach(v -> values.add(0.5f));
    return values.size();
  }

  private static int rawValues(String datatype, ByteString bytes, List<Float> values) {
    if (datatype.equals("BYTES")) {
      return rawStrings(bytes, values);
    }
    int size =
        switch (datatype) {
          case "BOOL", "UINT8", "INT8" -> 1;
          case "UINT16", "INT16", "FP16", "BF16" -> 2;
          case "UINT32", "INT32", "FP32" -> 4;
          case "UINT64", "INT64", "FP64" -> 8;
          default -> throw new IllegalArgumentException("unsupported raw datatype " + datatype);
        };
    if (bytes.size() % size != 0) {
      throw new IllegalArgumentException(
          bytes.size() + " raw bytes are not " + datatype + " values");
    }
    ByteBuffer buffer = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    int count = bytes.size() / size;
    for (int i = 0; i < count; i++) {
      values.add(datatype.equals("FP32") ? buffer.getFloat(i * 4) * 0.5f : 0.5f);
    }
    return count;
  }

  /** Raw BYTES: each element a 4-byte little-endian length and that many bytes, nothing after. */
  private static int rawStrings(ByteString bytes, List<Float> values) {
    ByteBuffer buffer = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    int count = 0;
    while (buffer.hasRemaining()) {
      if (buffer.remaining() < 4) {
        throw new IllegalArgumentException(
            "raw BYTES element " + count + " has a truncated 4-byte length");
      }
      long length = Integer.toUnsignedLong(buffer.getInt());
      if (length > buffer.remaining()) {
        throw new IllegalArgumentException(
            "raw BYTES element "
                + count
                + " says "
                + length
                + " bytes, but "
                + buffer.remaining()
                + " remain");
      }
      buffer.position(buffer.position() + (int) length);
      values.add(0.5f);
      count++;
    }
    return count;
  }
}
