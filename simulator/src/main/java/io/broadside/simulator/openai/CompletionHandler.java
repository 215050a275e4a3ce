package io.broadside.simulator.openai;

import io.broadside.simulator.engine.SequenceScheduler;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestLog;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.token.SeededVocabulary;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Serves {@code POST /v1/chat/completions} and {@code POST /v1/completions}: reads the body,
 * answers 400 (malformed) or 404 (unknown model) with OpenAI's error JSON, else submits a sequence
 * to the engine and lets an {@link Exchange} write the answer. Every request is logged once. Runs
 * on the simulator's context.
 */
public final class CompletionHandler {
  private final List<String> models;
  private final boolean roleChunkEarly;
  private final EpochMicroClock clock;
  private final RequestLog log;
  private final SequenceScheduler scheduler;
  private final SeededVocabulary vocabulary;
  private final ResponseIds ids;
  private final GenerationRequestParser parser = new GenerationRequestParser();
  private final Set<Exchange> open = new LinkedHashSet<>();

  /**
   * @param models the served models, the first being the default
   * @param roleChunkEarly whether chat streams send the role chunk at arrival
   * @param seed makes ids and token text deterministic
   */
  public CompletionHandler(
      List<String> models,
      boolean roleChunkEarly,
      long seed,
      EpochMicroClock clock,
      RequestLog log,
      SequenceScheduler scheduler) {
    this.models = List.copyOf(models);
    this.roleChunkEarly = roleChunkEarly;
    this.clock = clock;
    this.log = log;
    this.scheduler = scheduler;
    this.vocabulary = new SeededVocabulary(seed);
    this.ids = new ResponseIds(seed);
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
    ChunkFormat format = new ChunkFormat(Endpoint.CHAT, "warm-up", 0, "model");
    format.roleEvent();
    format.tokenEvent(new SeededVocabulary(0).token(0), true, ChunkFormat.usage(2, 1));
    format.usageEvent(2, 1);
    format.response(new SeededVocabulary(0).text(1), 2, 1);
  }

  /** Handles one request whose path named {@code endpoint}. */
  public void handle(HttpServerRequest request, Endpoint endpoint) {
    long arrivalUs = clock.nowMicros();
    String remote = remote(request.remoteAddress());
    request.body().onSuccess(body -> serve(request, endpoint, arrivalUs, remote, body));
  }

  private void serve(
      HttpServerRequest request, Endpoint endpoint, long arrivalUs, String remote, Buffer body) {
    HttpServerResponse response = request.response();
    String id = ids.next(endpoint);
    GenerationRequest parsed;
    try {
      parsed = parser.parse(endpoint, body);
    } catch (BadRequestException e) {
      OpenAiErrors.send(response, 400, e.getMessage(), "invalid_request_error", e.param(), null);
      log.append(
          new RequestRecord(id, remote, endpoint.logName, "", false, arrivalUs, 0).toEntry(400));
      return;
    }
    String model = parsed.model() == null ? models.get(0) : parsed.model();
    RequestRecord record =
        new RequestRecord(
            id, remote, endpoint.logName, model, parsed.stream(), arrivalUs, parsed.promptTokens());
    if (!models.contains(model)) {
      String message = "The model `" + model + "` does not exist.";
      OpenAiErrors.send(
          response, 404, message, "invalid_request_error", "model", "model_not_found");
      log.append(record.toEntry(404));
      return;
    }
    ChunkFormat format = new ChunkFormat(endpoint, id, arrivalUs / 1_000_000, model);
    Exchange exchange =
        parsed.stream()
            ? new StreamingExchange(
                response,
                record,
                clock,
                log,
                format,
                vocabulary,
                parsed,
                endpoint == Endpoint.CHAT,
                roleChunkEarly)
            : new UnaryExchange(response, record, clock, log, format, vocabulary, parsed);
    exchange.start();
    long sequence = scheduler.submit(parsed.promptTokens(), parsed.maxTokens(), exchange);
    exchange.bind(scheduler, sequence, () -> open.remove(exchange));
    open.add(exchange);
    response.closeHandler(v -> exchange.abort());
    response.exceptionHandler(e -> exchange.abort());
  }

  /** Cuts every answer in progress (each is logged with status 499): the simulator is closing. */
  public void abortAll() {
    List.copyOf(open).forEach(Exchange::abort);
  }

  private static String remote(SocketAddress address) {
    if (address == null) {
      return "unknown";
    }
    String host = address.hostAddress() != null ? address.hostAddress() : address.host();
    return host + ":" + address.port();
  }
}
