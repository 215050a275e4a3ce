package io.broadside.simulator.grpc;

import io.broadside.protocol.serving.TgisGrpc;
import io.broadside.protocol.tgis.BatchedGenerationRequest;
import io.broadside.protocol.tgis.BatchedGenerationResponse;
import io.broadside.protocol.tgis.GenerationRequest;
import io.broadside.protocol.tgis.GenerationResponse;
import io.broadside.protocol.tgis.ModelInfoResponse;
import io.broadside.protocol.tgis.Parameters;
import io.broadside.protocol.tgis.SingleGenerationRequest;
import io.broadside.protocol.tgis.StopReason;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.Backend;
import io.broadside.simulator.token.SeededVocabulary;
import io.broadside.simulator.token.WordTokenizer;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;

/**
 * TGIS {@code fmaas.GenerationService} (PROTOCOLS.md §2.1): {@code Generate} answers one {@code
 * GenerationResponse} per request of the batch (the batch is one engine sequence whose prompt is
 * all the texts, and the log counts its tokens once); {@code GenerateStream} an ack with the input
 * token count, then one message per token with the cumulative count; {@code ModelInfo}. {@code
 * model_id} "" is the default model; unknown NOT_FOUND. Runs on the simulator's context.
 */
final class TgisService {
  static final int DEFAULT_MAX_NEW_TOKENS = 20;
  private final Backend backend;

  TgisService(Backend backend) {
    this.backend = backend;
  }

  void bind(GrpcServer server) {
    server.callHandler(TgisGrpc.GENERATE.server(), this::generate);
    server.callHandler(TgisGrpc.GENERATE_STREAM.server(), this::generateStream);
    server.callHandler(
        TgisGrpc.MODEL_INFO.server(),
        call ->
            call.handler(
                request ->
                    call.response()
                        .end(
                            ModelInfoResponse.newBuilder()
                                .setModelKind(ModelInfoResponse.ModelKind.DECODER_ONLY)
                                .setMaxSequenceLength(4096)
                                .setMaxNewTokens(1024)
                                .build())));
  }

  private void generate(
      GrpcServerRequest<BatchedGenerationRequest, BatchedGenerationResponse> call) {
    long arrivalUs = backend.clock().nowMicros();
    call.handler(
        request -> {
          String model = model(request.getModelId());
          int prompt = 0;
          int[] prompts = new int[request.getRequestsCount()];
          for (int i = 0; i < prompts.length; i++) {
            prompts[i] = WordTokenizer.count(request.getRequests(i).getText());
            prompt += prompts[i];
          }
          RequestRecord record =
              GrpcCalls.record(backend, call, "tgis_generate", model, false, arrivalUs, prompt);
          int max = maxTokens(request.getParams());
          serve(
              call,
              model,
              record,
              prompt,
              max,
              fault ->
                  GrpcExchange.unary(
                      call,
                      record,
                      backend.clock(),
                      fault,
                      tokens -> {
                        BatchedGenerationResponse.Builder all =
                            BatchedGenerationResponse.newBuilder();
                        String text = backend.vocabulary().text(tokens);
                        for (int p : prompts) {
                          all.addResponses(done(p, tokens, text));
                        }
                        return all.build();
                      }));
        });
  }

  private void generateStream(GrpcServerRequest<SingleGenerationRequest, GenerationResponse> call) {
    long arrivalUs = backend.clock().nowMicros();
    call.handler(
        request -> {
          String model = model(request.getModelId());
          GenerationRequest single = request.getRequest();
          int prompt = WordTokenizer.count(single.getText());
          RequestRecord record =
              GrpcCalls.record(
                  backend, call, "tgis_generate_stream", model, true, arrivalUs, prompt);
          SeededVocabulary vocabulary = backend.vocabulary();
          serve(
              call,
              model,
              record,
              prompt,
              maxTokens(request.getParams()),
              fault ->
                  GrpcExchange.streamed(
                      call,
                      record,
                      backend.clock(),
                      fault,
                      backend.keepAliveEvery(Family.GRPC),
                      GenerationResponse.newBuilder().setInputTokenCount(prompt).build(),
                      (index, last) ->
                          GenerationResponse.newBuilder()
                              .setText(vocabulary.token(index))
                              .setGeneratedTokenCount(index + 1)
                              .setStopReason(last ? StopReason.MAX_TOKENS : StopReason.NOT_FINISHED)
                              .build()));
        });
  }

  private void serve(
      GrpcServerRequest<?, ?> call,
      String model,
      RequestRecord record,
      int prompt,
      int max,
      java.util.function.Function<io.broadside.simulator.fault.Fault, GrpcExchange<?>> exchanges) {
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
        exchanges::apply,
        prompt,
        max);
  }

  private GenerationResponse done(int prompt, int tokens, String text) {
    return GenerationResponse.newBuilder()
        .setInputTokenCount(prompt)
        .setGeneratedTokenCount(tokens)
        .setText(text)
        .setStopReason(StopReason.MAX_TOKENS)
        .build();
  }

  private String model(String id) {
    return id.isEmpty() ? backend.defaultModel() : id;
  }

  private static int maxTokens(Parameters params) {
    int max = params.getStopping().getMaxNewTokens();
    return max > 0 ? max : DEFAULT_MAX_NEW_TOKENS;
  }
}
