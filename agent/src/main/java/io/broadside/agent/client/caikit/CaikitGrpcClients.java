package io.broadside.agent.client.caikit;

import io.broadside.agent.client.ExchangeListener.Usage;
import io.broadside.agent.client.ExchangeSink;
import io.broadside.agent.client.TargetClient;
import io.broadside.agent.client.TargetRequestText;
import io.broadside.agent.client.grpc.GrpcReader;
import io.broadside.agent.client.grpc.GrpcTargetClient;
import io.broadside.agent.client.grpc.GrpcTransport;
import io.broadside.protocol.caikit.ServerStreamingTextGenerationTaskRequest;
import io.broadside.protocol.caikit.TextGenerationTaskRequest;
import io.broadside.protocol.caikit.nlp.GeneratedTextResult;
import io.broadside.protocol.caikit.nlp.GeneratedTextStreamResult;
import io.broadside.protocol.serving.CaikitGrpc;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;

/**
 * Caikit NLP over gRPC (PROTOCOLS.md §2.2): the model goes in the {@code mm-model-id} metadata; the
 * stream's first message is the ack (no text, {@code details.input_token_count}), later ones carry
 * the text delta with the cumulative {@code details.generated_tokens}.
 */
public final class CaikitGrpcClients {
  private CaikitGrpcClients() {}

  public static TargetClient create(GrpcTransport transport, boolean stream) {
    return new GrpcTargetClient(
        transport,
        (request, listener) -> {
          MultiMap model =
              MultiMap.caseInsensitiveMultiMap().set(CaikitGrpc.MODEL_ID_HEADER, request.model());
          String text = TargetRequestText.of(request);
          if (stream) {
            transport.call(
                CaikitGrpc.GENERATE_STREAM.client(),
                ServerStreamingTextGenerationTaskRequest.newBuilder()
                    .setText(text)
                    .setMaxNewTokens(request.maxTokens())
                    .setMinNewTokens(request.maxTokens())
                    .build(),
                model,
                new StreamReader(),
                listener);
          } else {
            transport.call(
                CaikitGrpc.GENERATE.client(),
                TextGenerationTaskRequest.newBuilder()
                    .setText(text)
                    .setMaxNewTokens(request.maxTokens())
                    .setMinNewTokens(request.maxTokens())
                    .build(),
                model,
                new UnaryReader(),
                listener);
          }
        },
        model -> Future.succeededFuture(true));
  }

  private static final class StreamReader implements GrpcReader<GeneratedTextStreamResult> {
    private int inputTokens = -1;
    private int generated;

    @Override
    public void message(GeneratedTextStreamResult m, ExchangeSink sink) {
      boolean text = !m.getGeneratedText().isEmpty();
      int tokens = text ? 1 : 0;
      if (m.hasDetails()) {
        if (m.getDetails().getInputTokenCount() > 0) {
          inputTokens = (int) m.getDetails().getInputTokenCount();
        }
        int total = m.getDetails().getGeneratedTokens();
        tokens = text ? Math.max(1, total - generated) : 0;
        generated = Math.max(generated, total);
        sink.usage(new Usage(inputTokens, generated));
      }
      sink.chunk(tokens, true);
    }

    @Override
    public void end(ExchangeSink sink) {
      sink.complete(true);
    }
  }

  private static final class UnaryReader implements GrpcReader<GeneratedTextResult> {
    @Override
    public void message(GeneratedTextResult m, ExchangeSink sink) {
      sink.usage(new Usage((int) m.getInputTokenCount(), (int) m.getGeneratedTokens()));
      sink.chunk(m.getGeneratedText().isEmpty() ? 0 : 1, true);
    }

    @Override
    public void end(ExchangeSink sink) {
      sink.complete(false);
    }
  }
}
