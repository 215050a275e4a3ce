package io.broadside.simulator.openai;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.Generation;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.Backend;
import io.broadside.simulator.serve.Refusals;
import io.broadside.simulator.token.SeededVocabulary;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Serves {@code POST /v1/chat/completions} and {@code POST /v1/completions}: reads the body,
 * answers 400 (malformed) or 404 (unknown model) with OpenAI's error JSON, else hands the request
 * to the {@link Backend} (injected error 500, throttle 429, model not ready 503) with a streaming
 * or unary exchange. Every request is logged once. Runs on the simulator's context.
 */
public final class CompletionHandler {
  private final Backend backend;
  private final boolean roleChunkEarly;
  private final GenerationRequestParser parser;
  private final Generation generation;

  /** {@code roleChunkEarly}: whether chat streams send the role chunk at arrival. */
  public CompletionHandler(Backend backend, boolean roleChunkEarly) {
    this.backend = backend;
    this.roleChunkEarly = roleChunkEarly;
    this.generation = backend.config().generation();
    this.parser =
        new GenerationRequestParser(backend.cachesPrefixes() ? Generation.BLOCK_TOKENS : 0);
  }

  /**
   * Loads and initializes what serving a request touches (Jackson's tree model, the chunk text) so
   * that the first request does not pay for it on the event loop: a cold {@code ObjectMapper} alone
   * takes a few hundred milliseconds. Blocking: call on a worker thread.
   */
  public static void warmUp() {
    String body =
        "{\"messages\":[{\"content\":\"warm up\"}],\"max_tokens\":2,\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true}}";
    try {
      new GenerationRequestParser().parse(Endpoint.CHAT, Buffer.buffer(body));
    } catch (BadRequestException e) {
      throw new IllegalStateException("the warm-up request was refused", e);
    }
    ChunkFormat format =
        new ChunkFormat(
            Endpoint.CHAT, "warm-up", 0, "model", Generation.ReasoningFormat.FIELD, false);
    format.roleEvent();
    format.tokenEvent(new SeededVocabulary(0).token(0), true, ChunkFormat.usage(2, 1));
    format.usageEvent(2, 1);
    format.response(new SeededVocabulary(0).text(1), 2, 1);
  }

  /** Handles one request whose path named {@code endpoint}. */
  public void handle(HttpServerRequest request, Endpoint endpoint) {
    long arrivalUs = backend.clock().nowMicros();
    String remote = Backend.remote(request.remoteAddress());
    request.body().onSuccess(body -> serve(request, endpoint, arrivalUs, remote, body));
  }

  private void serve(
      HttpServerRequest request, Endpoint endpoint, long arrivalUs, String remote, Buffer body) {
    HttpServerResponse response = request.response();
    String id = backend.nextId(endpoint.idPrefix);
    GenerationRequest parsed;
    try {
      parsed = parser.parse(endpoint, body);
    } catch (BadRequestException e) {
      OpenAiErrors.send(response, 400, e.getMessage(), "invalid_request_error", e.param(), null);
      backend.log(new RequestRecord(id, remote, endpoint.logName, "", false, arrivalUs, 0), 400);
      return;
    }
    String model = parsed.model() == null ? backend.defaultModel() : parsed.model();
    if (endpoint == Endpoint.CHAT && parsed.tool() == null) {
      // a chat answer reasons first, when the simulator is set to
      parsed = parsed.reasoning(generation.reasoningTokens(parsed.maxTokens()));
    }
    RequestRecord record =
        new RequestRecord(
            id, remote, endpoint.logName, model, parsed.stream(), arrivalUs, parsed.promptTokens());
    if (!OpenAiErrors.served(backend, response, record, model)) {
      return;
    }
    record.reasoningTokens(parsed.reasoningTokens());
    record.headers(backend.loggedHeaders(request));
    ChunkFormat format =
        new ChunkFormat(
            endpoint,
            id,
            arrivalUs / 1_000_000,
            model,
            generation.reasoningFormat(),
            backend.cachesPrefixes());
    GenerationRequest asked = parsed;
    backend.serve(
        Family.OPENAI,
        model,
        record,
        refusals(response, model),
        fault ->
            asked.stream()
                ? new StreamingExchange(
                    response,
                    record,
                    backend.clock(),
                    fault,
                    backend.keepAliveEvery(Family.OPENAI),
                    format,
                    backend.vocabulary(),
                    asked,
                    endpoint == Endpoint.CHAT,
                    roleChunkEarly)
                : new UnaryExchange(
                    response, record, backend.clock(), fault, format, backend.vocabulary(), asked),
        asked.promptTokens(),
        asked.maxTokens(),
        asked.prefixBlocks());
  }

  static Refusals refusals(HttpServerResponse response, String model) {
    return new Refusals() {
      @Override
      public int error() {
        OpenAiErrors.send(response, 500, "injected error", "internal_server_error", null, null);
        return 500;
      }

      @Override
      public int throttle() {
        OpenAiErrors.send(
            response, 429, "The server is overloaded", "rate_limit_error", null, null);
        return 429;
      }

      @Override
      public int notReady() {
        OpenAiErrors.send(
            response,
            503,
            "The model `" + model + "` is loading",
            "service_unavailable",
            null,
            "model_not_ready");
        return 503;
      }
    };
  }
}
