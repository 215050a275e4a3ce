package io.broadside.simulator.grpc;

import io.broadside.protocol.caikit.ServerStreamingTextGenerationTaskRequest;
import io.broadside.protocol.caikit.TextGenerationTaskRequest;
import io.broadside.protocol.caikit.nlp.FinishReason;
import io.broadside.protocol.caikit.nlp.GeneratedTextResult;
import io.broadside.protocol.caikit.nlp.GeneratedTextStreamResult;
import io.broadside.protocol.caikit.nlp.ProducerId;
import io.broadside.protocol.caikit.nlp.TokenStreamDetails;
import io.broadside.protocol.serving.CaikitGrpc;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.Backend;
import io.broadside.simulator.token.SeededVocabulary;
import io.broadside.simulator.token.WordTokenizer;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;

/**
 * Caikit {@code caikit.runtime.Nlp.NlpService} (PROTOCOLS.md §2.2): the model is the {@code
 * mm-model-id} metadata (missing INVALID_ARGUMENT, unknown NOT_FOUND); {@code max_new_tokens}
 * defaults to 20. Unary {@code GeneratedTextResult}; streamed an ack with the input token count,
 * then one delta per token with the cumulative count. Runs on the simulator's context.
 */
final class CaikitGrpcService {
  static final int DEFAULT_MAX_NEW_TOKENS = 20;
  private static final ProducerId PRODUCER =
      ProducerId.newBuilder().setName("Text Generation").setVersion("0.1.0").build();

  private final Backend backend;

  CaikitGrpcService(Backend backend) {
    this.backend = backend;
  }

  void bind(GrpcServer server) {
    server.callHandler(CaikitGrpc.GENERATE.server(), this::generate);
    server.callHandler(CaikitGrpc.GENERATE_STREAM.server(), this::generateStream);
  }

  private void generate(GrpcServerRequest<TextGenerationTaskRequest, GeneratedTextResult> call) {
    long arrivalUs = backend.clock().nowMicros();
    call.handler(
        request -> {
          int prompt = WordTokenizer.count(request.getText());
          int max = max(request.hasMaxNewTokens(), request.getMaxNewTokens());
          serve(
              call,
              "caikit_generate",
              false,
              arrivalUs,
              prompt,
              max,
              record ->
                  fault ->
                      GrpcExchange.unary(
                          call,
                          record,
                          backend.clock(),
                          fault,
                          tokens ->
                              GeneratedTextResult.newBuilder()
                                  .setGeneratedText(backend.vocabulary().text(tokens))
                                  .setGeneratedTokens(tokens)
                                  .setFinishReason(FinishReason.MAX_TOKENS)
                                  .setProducerId(PRODUCER)
                                  .setInputTokenCount(prompt)
                                  .build()));
        });
  }

  private void generateStream(
      GrpcServerRequest<ServerStreamingTextGenerationTaskRequest, GeneratedTextStreamResult> call) {
    long arrivalUs = backend.clock().nowMicros();
    SeededVocabulary vocabulary = backend.vocabulary();
    call.handler(
        request -> {
          int prompt = WordTokenizer.count(request.getText());
          int max = max(request.hasMaxNewTokens(), request.getMaxNewTokens());
          serve(
              call,
              "caikit_generate_stream",
              true,
              arrivalUs,
              prompt,
              max,
              record ->
                  fault ->
                      GrpcExchange.streamed(
                          call,
                          record,
                          backend.clock(),
                          fault,
                          backend.keepAliveEvery(Family.GRPC),
                          result("", 0, prompt, FinishReason.NOT_FINISHED),
                          (index, last) ->
                              result(
                                  vocabulary.token(index),
                                  index + 1,
                                  prompt,
                                  last ? FinishReason.MAX_TOKENS : FinishReason.NOT_FINISHED)));
        });
  }

  private void serve(
      GrpcServerRequest<?, ?> call,
      String endpoint,
      boolean stream,
      long arrivalUs,
      int prompt,
      int max,
      java.util.function.Function<
              RequestRecord,
              java.util.function.Function<io.broadside.simulator.fault.Fault, GrpcExchange<?>>>
          exchanges) {
    String model = call.headers().get(CaikitGrpc.MODEL_ID_HEADER);
    RequestRecord record =
        GrpcCalls.record(
            backend, call, endpoint, model == null ? "" : model, stream, arrivalUs, prompt);
    if (model == null || model.isEmpty()) {
      backend.log(
          record,
          GrpcRefusals.fail(
              call.response(),
              GrpcStatus.INVALID_ARGUMENT,
              "the " + CaikitGrpc.MODEL_ID_HEADER + " metadata is required"));
      return;
    }
    if (!backend.serves(model)) {
      backend.log(
          record,
          GrpcRefusals.fail(
              call.response(), GrpcStatus.NOT_FOUND, "model " + model + " not found"));
      return;
    }
    backend.serve(
        Family.GRPC,
        model,
        record,
        new GrpcRefusals(call.response(), model),
        exchanges.apply(record)::apply,
        prompt,
        max);
  }

  private static GeneratedTextStreamResult result(
      String text, int tokens, int prompt, FinishReason reason) {
    return GeneratedTextStreamResult.newBuilder()
        .setGeneratedText(text)
        .setDetails(
            TokenStreamDetails.newBuilder()
                .setGeneratedTokens(tokens)
                .setInputTokenCount(prompt)
                .setFinishReason(reason))
        .build();
  }

  private static int max(boolean given, long value) {
    return given && value > 0 ? (int) Math.min(Integer.MAX_VALUE, value) : DEFAULT_MAX_NEW_TOKENS;
  }
}
