package io.broadside.agent.client.tgis;

import io.broadside.agent.client.ExchangeListener.Usage;
import io.broadside.agent.client.ExchangeSink;
import io.broadside.agent.client.TargetClient;
import io.broadside.agent.client.TargetRequestText;
import io.broadside.agent.client.grpc.GrpcReader;
import io.broadside.agent.client.grpc.GrpcTargetClient;
import io.broadside.agent.client.grpc.GrpcTransport;
import io.broadside.protocol.serving.TgisGrpc;
import io.broadside.protocol.tgis.BatchedGenerationRequest;
import io.broadside.protocol.tgis.BatchedGenerationResponse;
import io.broadside.protocol.tgis.GenerationRequest;
import io.broadside.protocol.tgis.GenerationResponse;
import io.broadside.protocol.tgis.Parameters;
import io.broadside.protocol.tgis.SingleGenerationRequest;
import io.broadside.protocol.tgis.StoppingCriteria;
import io.vertx.core.Future;

/**
 * TGIS over gRPC (PROTOCOLS.md §2.1), as llm-load-test drives it: greedy, {@code max_new_tokens =
 * min_new_tokens}. {@code GenerateStream}'s first message is the ack with the input token count (a
 * chunk with no token); later ones carry text, and the cumulative {@code generated_token_count}
 * gives each chunk's tokens and N. Unary calls use the batched {@code Generate} with one request.
 */
public final class TgisClients {
  private TgisClients() {}

  public static TargetClient create(GrpcTransport transport, boolean stream) {
    return new GrpcTargetClient(
        transport,
        (request, listener) -> {
          GenerationRequest text =
              GenerationRequest.newBuilder().setText(TargetRequestText.of(request)).build();
          Parameters params =
              Parameters.newBuilder()
                  .setStopping(
                      StoppingCriteria.newBuilder()
                          .setMaxNewTokens(request.maxTokens())
                          .setMinNewTokens(request.maxTokens()))
                  .build();
          if (stream) {
            transport.call(
                TgisGrpc.GENERATE_STREAM.client(),
                SingleGenerationRequest.newBuilder()
                    .setModelId(request.model())
                    .setRequest(text)
                    .setParams(params)
                    .build(),
                null,
                new StreamReader(),
                listener);
          } else {
            transport.call(
                TgisGrpc.GENERATE.client(),
                BatchedGenerationRequest.newBuilder()
                    .setModelId(request.model())
                    .addRequests(text)
                    .setParams(params)
                    .build(),
                null,
                new UnaryReader(),
                listener);
          }
        },
        model -> Future.succeededFuture(true));
  }

  private static final class StreamReader implements GrpcReader<GenerationResponse> {
    private int inputTokens = -1;
    private int generated;

    @Override
    public void message(GenerationResponse m, ExchangeSink sink) {
      if (m.getInputTokenCount() > 0) {
        inputTokens = m.getInputTokenCount();
      }
      int tokens = Math.max(0, m.getGeneratedTokenCount() - generated);
      generated = Math.max(generated, m.getGeneratedTokenCount());
      sink.usage(new Usage(inputTokens, generated));
      sink.chunk(m.getText().isEmpty() ? 0 : Math.max(1, tokens), true);
    }

    @Override
    public void end(ExchangeSink sink) {
      sink.complete(true);
    }
  }

  private static final class UnaryReader implements GrpcReader<BatchedGenerationResponse> {
    @Override
    public void message(BatchedGenerationResponse m, ExchangeSink sink) {
      if (m.getResponsesCount() != 1) {
        sink.fail("protocol", "expected one response, got " + m.getResponsesCount());
        return;
      }
      GenerationResponse r = m.getResponses(0);
      sink.usage(new Usage(r.getInputTokenCount(), r.getGeneratedTokenCount()));
      sink.chunk(r.getText().isEmpty() ? 0 : 1, true);
    }

    @Override
    public void end(ExchangeSink sink) {
      sink.complete(false);
    }
  }
}
