package io.broadside.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.fault.Fault;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.Backend;
import io.broadside.simulator.serve.HttpExchange;
import io.broadside.simulator.token.SeededVocabulary;
import io.broadside.simulator.token.WordTokenizer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;

/**
 * OpenAI's Responses API, {@code POST /v1/responses}: {@code input} (a text, or input messages
 * whose content is a text or text parts) and {@code max_output_tokens} (default 16, always
 * generated in full). Streamed, the typed events of a message: {@code response.created}, {@code
 * response.in_progress}, then at the first token {@code response.output_item.added} and {@code
 * response.content_part.added}, one {@code response.output_text.delta} per token, the {@code .done}
 * events and {@code response.completed} with {@code usage} (input, output and total tokens); no
 * {@code [DONE]}. Unary, one response object with its {@code output} and {@code usage}. Runs on the
 * simulator's context.
 */
public final class ResponsesHandler {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final Backend backend;

  public ResponsesHandler(Backend backend) {
    this.backend = backend;
  }

  public void handle(HttpServerRequest request) {
    long arrivalUs = backend.clock().nowMicros();
    String remote = Backend.remote(request.remoteAddress());
    request.body().onSuccess(body -> serve(request, arrivalUs, remote, body));
  }

  /** {@code reasoning}: the answer's first tokens streamed as reasoning text. */
  private record Asked(
      String model, int promptTokens, int maxTokens, boolean stream, int reasoning) {
    Asked withReasoning(int tokens) {
      return new Asked(model, promptTokens, maxTokens, stream, tokens);
    }
  }

  private void serve(HttpServerRequest request, long arrivalUs, String remote, Buffer body) {
    HttpServerResponse response = request.response();
    String id = backend.nextId("resp_");
    Asked asked;
    try {
      asked = parse(body);
    } catch (BadRequestException e) {
      OpenAiErrors.send(response, 400, e.getMessage(), "invalid_request_error", e.param(), null);
      backend.log(new RequestRecord(id, remote, "responses", "", false, arrivalUs, 0), 400);
      return;
    }
    String model = asked.model() == null ? backend.defaultModel() : asked.model();
    // a reasoning model's answer reasons first: a reasoning item, then the message
    asked = asked.withReasoning(backend.config().generation().reasoningTokens(asked.maxTokens()));
    RequestRecord record =
        new RequestRecord(
            id, remote, "responses", model, asked.stream(), arrivalUs, asked.promptTokens());
    record.headers(backend.loggedHeaders(request));
    record.reasoningTokens(asked.reasoning());
    Asked answer = asked;
    if (!OpenAiErrors.served(backend, response, record, model)) {
      return;
    }
    backend.serve(
        Family.OPENAI,
        model,
        record,
        CompletionHandler.refusals(response, model),
        fault ->
            new Answer(
                response,
                record,
                backend.clock(),
                fault,
                backend.keepAliveEvery(Family.OPENAI),
                backend.vocabulary(),
                id,
                model,
                answer,
                arrivalUs / 1_000_000),
        answer.promptTokens(),
        answer.maxTokens());
  }

  private static Asked parse(Buffer body) throws BadRequestException {
    JsonNode root;
    try {
      root = MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      throw new BadRequestException("the body is not valid JSON", null);
    }
    if (root == null || !root.isObject()) {
      throw new BadRequestException("the body must be a JSON object", null);
    }
    JsonNode input = root.path("input");
    int tokens = 0;
    if (input.isTextual()) {
      tokens = WordTokenizer.count(input.asText());
    } else if (input.isArray() && !input.isEmpty()) {
      for (JsonNode message : input) {
        JsonNode content = message.path("content");
        if (content.isTextual()) {
          tokens += WordTokenizer.count(content.asText());
        } else {
          for (JsonNode part : content) {
            tokens += WordTokenizer.count(part.path("text").asText(""));
          }
        }
      }
    } else {
      throw new BadRequestException("'input' must be a text or a non-empty list", "input");
    }
    JsonNode max = root.path("max_output_tokens");
    int maxTokens = GenerationRequestParser.DEFAULT_MAX_TOKENS;
    if (!max.isMissingNode() && !max.isNull()) {
      if (!max.isIntegralNumber() || max.intValue() < 1) {
        throw new BadRequestException(
            "'max_output_tokens' must be a positive integer", "max_output_tokens");
      }
      maxTokens = max.intValue();
    }
    String model = root.path("model").isTextual() ? root.path("model").asText() : null;
    return new Asked(model, tokens, maxTokens, root.path("stream").asBoolean(false), 0);
  }

  /** The answer: typed events as the engine emits tokens, or one body at the last. */
  private static final class Answer extends HttpExchange {
    private final SeededVocabulary vocabulary;
    private final String id;
    private final String itemId;
    private final String model;
    private final Asked asked;
    private final long createdS;
    private final String reasoningId;
    private boolean opened;
    private boolean reasoningOpened;

    Answer(
        HttpServerResponse response,
        RequestRecord record,
        EpochMicroClock clock,
        Fault fault,
        int keepAliveEvery,
        SeededVocabulary vocabulary,
        String id,
        String model,
        Asked asked,
        long createdS) {
      super(response, record, clock, fault, asked.stream(), asked.stream() ? keepAliveEvery : 0);
      this.vocabulary = vocabulary;
      this.id = id;
      this.itemId = "msg_" + id.substring(id.indexOf('_') + 1);
      this.model = model;
      this.asked = asked;
      this.createdS = createdS;
      this.reasoningId = "rs_" + id.substring(id.indexOf('_') + 1);
    }

    /** The message's place in the output: after the reasoning item, when there is one. */
    private int messageIndex() {
      return asked.reasoning() > 0 ? 1 : 0;
    }

    /** Tokens {@code from} to {@code to} (excluded), as streamed. */
    private String tokens(int from, int to) {
      StringBuilder b = new StringBuilder();
      for (int i = from; i < to; i++) {
        b.append(vocabulary.token(i));
      }
      return b.toString();
    }

    private String reasoningItem(String text) {
      return "{\"type\":\"reasoning\",\"id\":"
          + ChunkFormat.quote(reasoningId)
          + ",\"summary\":[],\"content\":[{\"type\":\"reasoning_text\",\"text\":"
          + ChunkFormat.quote(text)
          + "}]}";
    }

    private String response(String status, int outputTokens, String output) {
      return "{\"id\":"
          + ChunkFormat.quote(id)
          + ",\"object\":\"response\",\"created_at\":"
          + createdS
          + ",\"status\":\""
          + status
          + "\",\"model\":"
          + ChunkFormat.quote(model)
          + ",\"output\":["
          + output
          + "]"
          + (outputTokens < 0
              ? ""
              : ",\"usage\":{\"input_tokens\":"
                  + asked.promptTokens()
                  + ",\"output_tokens\":"
                  + outputTokens
                  + ",\"total_tokens\":"
                  + (asked.promptTokens() + outputTokens)
                  + (asked.reasoning() > 0
                      ? ",\"output_tokens_details\":{\"reasoning_tokens\":"
                          + Math.min(asked.reasoning(), outputTokens)
                          + "}"
                      : "")
                  + "}")
          + "}";
    }

    private String message(String text) {
      return "{\"type\":\"message\",\"id\":"
          + ChunkFormat.quote(itemId)
          + ",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
          + "\"text\":"
          + ChunkFormat.quote(text)
          + ",\"annotations\":[]}]}";
    }

    private void event(String type, String fields) {
      record.chunk(clock.nowMicros());
      response.write(eventText(type, fields));
    }

    private static String eventText(String type, String fields) {
      return "event: " + type + "\ndata: {\"type\":\"" + type + "\"" + fields + "}\n\n";
    }

    @Override
    protected void start() {
      if (!asked.stream()) {
        return;
      }
      response
          .setChunked(true)
          .putHeader("Content-Type", "text/event-stream")
          .putHeader("Cache-Control", "no-cache");
      String inProgress = ",\"response\":" + response("in_progress", -1, "");
      event("response.created", inProgress);
      event("response.in_progress", inProgress);
    }

    @Override
    protected void write(int index, boolean last) {
      if (!asked.stream()) {
        if (last) {
          int tokens = index + 1;
          response.putHeader("Content-Type", "application/json");
          record.tokenChunk(clock.nowMicros(), tokens);
          int r = Math.min(asked.reasoning(), tokens);
          String output =
              (r > 0 ? reasoningItem(tokens(0, r)) + "," : "") + message(tokens(r, tokens));
          response.end(response("completed", tokens, output));
          finish();
        }
        return;
      }
      if (index < asked.reasoning()) {
        reason(index);
        return;
      }
      open();
      String delta =
          ",\"item_id\":"
              + ChunkFormat.quote(itemId)
              + ",\"output_index\":0,\"content_index\":0,\"delta\":"
              + ChunkFormat.quote(vocabulary.token(index));
      record.tokenChunk(clock.nowMicros(), 1);
      response.write(eventText("response.output_text.delta", delta));
      if (last) {
        close(index + 1);
      }
    }

    @Override
    protected void writeMalformed(int index, boolean last) {
      if (!asked.stream()) {
        response.putHeader("Content-Type", "application/json");
        record.tokenChunk(clock.nowMicros(), index + 1);
        response.end("{\"id\":" + ChunkFormat.quote(id) + ",\"output\":[{");
        finish();
        return;
      }
      open();
      record.tokenChunk(clock.nowMicros(), 1);
      response.write("event: response.output_text.delta\ndata: {\"type\":\"response.output\n\n");
      if (last) {
        close(index + 1);
      }
    }

    @Override
    protected void keepAlive() {
      response.write(": keep-alive\n\n");
    }

    /** Reasoning token {@code index}: a reasoning_text delta, its item opened first. */
    private void reason(int index) {
      if (!reasoningOpened) {
        reasoningOpened = true;
        event(
            "response.output_item.added",
            ",\"output_index\":0,\"item\":{\"type\":\"reasoning\",\"id\":"
                + ChunkFormat.quote(reasoningId)
                + ",\"summary\":[],\"content\":[]}");
      }
      String delta =
          ",\"item_id\":"
              + ChunkFormat.quote(reasoningId)
              + ",\"output_index\":0,\"content_index\":0,\"delta\":"
              + ChunkFormat.quote(vocabulary.token(index));
      record.tokenChunk(clock.nowMicros(), 1);
      response.write(eventText("response.reasoning_text.delta", delta));
    }

    private void open() {
      if (opened) {
        return;
      }
      opened = true;
      if (reasoningOpened) {
        String text = tokens(0, asked.reasoning());
        event(
            "response.reasoning_text.done",
            ",\"item_id\":"
                + ChunkFormat.quote(reasoningId)
                + ",\"output_index\":0,\"content_index\":0,\"text\":"
                + ChunkFormat.quote(text));
        event("response.output_item.done", ",\"output_index\":0,\"item\":" + reasoningItem(text));
      }
      event(
          "response.output_item.added",
          ",\"output_index\":"
              + messageIndex()
              + ",\"item\":{\"type\":\"message\",\"id\":"
              + ChunkFormat.quote(itemId)
              + ",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}");
      event(
          "response.content_part.added",
          ",\"item_id\":"
              + ChunkFormat.quote(itemId)
              + ",\"output_index\":"
              + messageIndex()
              + ",\"content_index\":0,\"part\":{\"type\":\"output_text\","
              + "\"text\":\"\",\"annotations\":[]}");
    }

    private void close(int tokens) {
      int r = Math.min(asked.reasoning(), tokens);
      String text = tokens(r, tokens);
      String at =
          ",\"item_id\":" + ChunkFormat.quote(itemId) + ",\"output_index\":" + messageIndex();
      event(
          "response.output_text.done",
          at + ",\"content_index\":0,\"text\":" + ChunkFormat.quote(text));
      event(
          "response.content_part.done",
          at
              + ",\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":"
              + ChunkFormat.quote(text)
              + ",\"annotations\":[]}");
      event(
          "response.output_item.done",
          ",\"output_index\":" + messageIndex() + ",\"item\":" + message(text));
      String output = (r > 0 ? reasoningItem(tokens(0, r)) + "," : "") + message(text);
      record.chunk(clock.nowMicros());
      response.end(
          eventText(
              "response.completed", ",\"response\":" + response("completed", tokens, output)));
      finish();
    }
  }
}
