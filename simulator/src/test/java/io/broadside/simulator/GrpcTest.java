package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.broadside.protocol.caikit.ServerStreamingTextGenerationTaskRequest;
import io.broadside.protocol.caikit.TextGenerationTaskRequest;
import io.broadside.protocol.caikit.nlp.FinishReason;
import io.broadside.protocol.caikit.nlp.GeneratedTextResult;
import io.broadside.protocol.caikit.nlp.GeneratedTextStreamResult;
import io.broadside.protocol.kserve.InferTensorContents;
import io.broadside.protocol.kserve.ModelInferRequest;
import io.broadside.protocol.kserve.ModelInferResponse;
import io.broadside.protocol.kserve.ModelReadyRequest;
import io.broadside.protocol.kserve.ModelReadyResponse;
import io.broadside.protocol.serving.CaikitGrpc;
import io.broadside.protocol.serving.KserveGrpc;
import io.broadside.protocol.serving.TargetMethod;
import io.broadside.protocol.serving.TgisGrpc;
import io.broadside.protocol.tgis.BatchedGenerationRequest;
import io.broadside.protocol.tgis.BatchedGenerationResponse;
import io.broadside.protocol.tgis.GenerationRequest;
import io.broadside.protocol.tgis.GenerationResponse;
import io.broadside.protocol.tgis.Parameters;
import io.broadside.protocol.tgis.SingleGenerationRequest;
import io.broadside.protocol.tgis.StopReason;
import io.broadside.protocol.tgis.StoppingCriteria;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrpcTest extends WithTestVertx {
  private GrpcClient client;
  private Path log;
  private Simulator sim;

  @BeforeEach
  void startSimulator() {
    client = GrpcClient.client(test.vertx);
    log = dir.resolve("requests.jsonl");
    sim =
        test.simulator(
            SimulatorConfig.defaults()
                .withPreset(GpuPreset.INSTANT)
                .withFamily(Family.GRPC, 0)
                .withRequestLog(log));
  }

  @Test
  void tgisStreamsAnAckThenCumulativeCountsAndAnswersBatches() {
    Parameters four =
        Parameters.newBuilder()
            .setStopping(StoppingCriteria.newBuilder().setMaxNewTokens(4))
            .build();
    Call<GenerationResponse> stream =
        call(
            TgisGrpc.GENERATE_STREAM,
            SingleGenerationRequest.newBuilder()
                .setRequest(GenerationRequest.newBuilder().setText("one two three"))
                .setParams(four)
                .build(),
            Map.of());
    Call<BatchedGenerationResponse> unary =
        call(
            TgisGrpc.GENERATE,
            BatchedGenerationRequest.newBuilder()
                .addRequests(GenerationRequest.newBuilder().setText("a b"))
                .build(),
            Map.of());
    Call<BatchedGenerationResponse> unknown =
        call(
            TgisGrpc.GENERATE,
            BatchedGenerationRequest.newBuilder()
                .setModelId("nope")
                .addRequests(GenerationRequest.newBuilder().setText("a"))
                .build(),
            Map.of());
    TestVertx.await(sim.close());

    assertThat(stream.status()).isEqualTo(GrpcStatus.OK);
    assertThat(stream.messages()).hasSize(5);
    assertThat(stream.messages().get(0).getInputTokenCount()).isEqualTo(3);
    assertThat(stream.messages().get(0).getText()).isEmpty();
    assertThat(stream.messages().subList(1, 5))
        .extracting(GenerationResponse::getGeneratedTokenCount)
        .containsExactly(1, 2, 3, 4);
    assertThat(stream.messages().get(4).getStopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(stream.messages().get(3).getStopReason()).isEqualTo(StopReason.NOT_FINISHED);
    GenerationResponse answer = unary.messages().get(0).getResponses(0);
    assertThat(answer.getGeneratedTokenCount()).isEqualTo(20);
    assertThat(answer.getInputTokenCount()).isEqualTo(2);
    assertThat(answer.getText().split(" ")).hasSize(21);
    assertThat(unknown.status()).isEqualTo(GrpcStatus.NOT_FOUND);

    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries)
        .extracting(
            RequestLogEntry::endpoint, RequestLogEntry::status, RequestLogEntry::completionTokens)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("tgis_generate_stream", 0, 4),
            org.assertj.core.groups.Tuple.tuple("tgis_generate", 0, 20),
            org.assertj.core.groups.Tuple.tuple("tgis_generate", 5, 0));
    assertThat(entries.get(0).tokenChunksUs()).hasSize(4);
    assertThat(entries.get(0).chunksUs()).hasSize(5);
  }

  @Test
  void caikitTakesTheModelFromMetadata() {
    Call<GeneratedTextStreamResult> stream =
        call(
            CaikitGrpc.GENERATE_STREAM,
            ServerStreamingTextGenerationTaskRequest.newBuilder()
                .setText("a b")
                .setMaxNewTokens(3)
                .build(),
            Map.of(CaikitGrpc.MODEL_ID_HEADER, "llama-2-7b"));
    Call<GeneratedTextResult> unary =
        call(
            CaikitGrpc.GENERATE,
            TextGenerationTaskRequest.newBuilder().setText("a").setMaxNewTokens(2).build(),
            Map.of(CaikitGrpc.MODEL_ID_HEADER, "llama-2-7b"));
    Call<GeneratedTextResult> noModel =
        call(
            CaikitGrpc.GENERATE,
            TextGenerationTaskRequest.newBuilder().setText("a").build(),
            Map.of());
    TestVertx.await(sim.close());

    assertThat(stream.messages()).hasSize(4);
    assertThat(stream.messages().get(0).getGeneratedText()).isEmpty();
    assertThat(stream.messages().get(0).getDetails().getInputTokenCount()).isEqualTo(2);
    assertThat(stream.messages().subList(1, 4))
        .extracting(m -> m.getDetails().getGeneratedTokens())
        .containsExactly(1, 2, 3);
    assertThat(stream.messages().get(3).getDetails().getFinishReason())
        .isEqualTo(FinishReason.MAX_TOKENS);
    assertThat(unary.messages().get(0).getGeneratedTokens()).isEqualTo(2);
    assertThat(unary.messages().get(0).getFinishReason()).isEqualTo(FinishReason.MAX_TOKENS);
    assertThat(noModel.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(RequestLogReader.read(log))
        .extracting(RequestLogEntry::endpoint, RequestLogEntry::completionTokens)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("caikit_generate_stream", 3),
            org.assertj.core.groups.Tuple.tuple("caikit_generate", 2),
            org.assertj.core.groups.Tuple.tuple("caikit_generate", 0));
  }

  @Test
  void kserveInfersTypedAndRawInputsAndChecksShapes() {
    ByteBuffer raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(2).putFloat(4);
    Call<ModelInferResponse> typed =
        call(KserveGrpc.MODEL_INFER, infer(List.of(1L, 3L), contents(1, 2, 3), null), Map.of());
    Call<ModelInferResponse> rawCall =
        call(
            KserveGrpc.MODEL_INFER,
            infer(List.of(2L), null, ByteString.copyFrom(raw.array())),
            Map.of());
    Call<ModelInferResponse> mismatch =
        call(KserveGrpc.MODEL_INFER, infer(List.of(2L, 2L), contents(1), null), Map.of());
    Call<ModelReadyResponse> ready =
        call(
            KserveGrpc.MODEL_READY,
            ModelReadyRequest.newBuilder().setName("llama-2-7b").build(),
            Map.of());
    TestVertx.await(sim.close());

    ModelInferResponse.InferOutputTensor output = typed.messages().get(0).getOutputs(0);
    assertThat(output.getName()).isEqualTo("OUTPUT0");
    assertThat(output.getDatatype()).isEqualTo("FP32");
    assertThat(output.getShapeList()).containsExactly(1L, 3L);
    assertThat(output.getContents().getFp32ContentsList()).containsExactly(0.5f, 1f, 1.5f);
    assertThat(rawCall.messages().get(0).getOutputs(0).getContents().getFp32ContentsList())
        .containsExactly(1f, 2f);
    assertThat(mismatch.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(ready.messages().get(0).getReady()).isTrue();
    assertThat(RequestLogReader.read(log))
        .extracting(
            RequestLogEntry::endpoint, RequestLogEntry::status, RequestLogEntry::promptTokens)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("kserve_v2_grpc_infer", 0, 3),
            org.assertj.core.groups.Tuple.tuple("kserve_v2_grpc_infer", 0, 2),
            org.assertj.core.groups.Tuple.tuple("kserve_v2_grpc_infer", 3, 0));
  }

  @Test
  void kserveCountsRawBytesElementsByTheirLengthsAndTakesLargeMessages() {
    byte[] image = new byte[600 * 1024];
    ByteBuffer two =
        ByteBuffer.allocate(4 + 3 + 4 + image.length)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(3)
            .put(new byte[] {1, 2, 3})
            .putInt(image.length)
            .put(image);
    ByteBuffer truncated = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(5);
    Call<ModelInferResponse> bytes =
        call(KserveGrpc.MODEL_INFER, bytesInfer(List.of(2L), two.array()), Map.of());
    Call<ModelInferResponse> bad =
        call(KserveGrpc.MODEL_INFER, bytesInfer(List.of(1L), truncated.array()), Map.of());
    TestVertx.await(sim.close());

    assertThat(bytes.status()).isEqualTo(GrpcStatus.OK);
    assertThat(bytes.messages().get(0).getOutputs(0).getContents().getFp32ContentsList())
        .containsExactly(0.5f, 0.5f);
    assertThat(bad.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
  }

  private static ModelInferRequest bytesInfer(List<Long> shape, byte[] raw) {
    return ModelInferRequest.newBuilder()
        .setModelName("llama-2-7b")
        .addInputs(
            ModelInferRequest.InferInputTensor.newBuilder()
                .setName("IMAGE")
                .setDatatype("BYTES")
                .addAllShape(shape))
        .addRawInputContents(ByteString.copyFrom(raw))
        .build();
  }

  private static InferTensorContents contents(float... values) {
    InferTensorContents.Builder contents = InferTensorContents.newBuilder();
    for (float v : values) {
      contents.addFp32Contents(v);
    }
    return contents.build();
  }

  private static ModelInferRequest infer(
      List<Long> shape, InferTensorContents contents, ByteString raw) {
    ModelInferRequest.InferInputTensor.Builder input =
        ModelInferRequest.InferInputTensor.newBuilder()
            .setName("INPUT0")
            .setDatatype("FP32")
            .addAllShape(shape);
    if (contents != null) {
      input.setContents(contents);
    }
    ModelInferRequest.Builder request =
        ModelInferRequest.newBuilder().setModelName("llama-2-7b").addInputs(input);
    if (raw != null) {
      request.addRawInputContents(raw);
    }
    return request.build();
  }

  record Call<R>(List<R> messages, GrpcStatus status) {}

  private <Q extends com.google.protobuf.Message, R extends com.google.protobuf.Message>
      Call<R> call(TargetMethod<Q, R> method, Q message, Map<String, String> headers) {
    return TestVertx.await(
        test.onClientContext(
            () ->
                client
                    .request(
                        SocketAddress.inetSocketAddress(sim.port(Family.GRPC), "127.0.0.1"),
                        method.client())
                    .compose(
                        request -> {
                          headers.forEach(request.headers()::set);
                          return request.send(message);
                        })
                    .compose(
                        response -> {
                          List<R> messages = new ArrayList<>();
                          response.handler(messages::add);
                          return response
                              .end()
                              .transform(
                                  done ->
                                      Future.succeededFuture(
                                          new Call<>(messages, response.status())));
                        })));
  }
}
