package io.broadside.simulator.openai;

import io.broadside.simulator.config.Generation;
import io.broadside.simulator.fault.Fault;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.HttpExchange;
import io.broadside.simulator.token.SeededVocabulary;
import io.vertx.core.http.HttpServerResponse;

/**
 * An SSE answer: (chat) a role-only chunk — at arrival or right before the first token — then one
 * chunk per token, the last with {@code finish_reason: "length"}, then a usage-only chunk when
 * asked, then {@code [DONE]}. A chat request that offers tools gets half its tokens as prose and
 * half as one tool call's argument fragments, after a chunk that opens the call (its name, no
 * arguments) and ending with {@code finish_reason: "tool_calls"}. An answer that reasons streams
 * its reasoning tokens first (see {@link Generation}). Headers go out at arrival. Each event's time
 * is logged right before it is written.
 */
final class StreamingExchange extends HttpExchange {
  private final ChunkFormat format;
  private final SeededVocabulary vocabulary;
  private final GenerationRequest request;
  private final boolean roleChunkEarly;
  private boolean rolePending;

  StreamingExchange(
      HttpServerResponse response,
      RequestRecord record,
      EpochMicroClock clock,
      Fault fault,
      int keepAliveEvery,
      ChunkFormat format,
      SeededVocabulary vocabulary,
      GenerationRequest request,
      boolean chat,
      boolean roleChunkEarly) {
    super(response, record, clock, fault, true, keepAliveEvery);
    this.format = format;
    this.vocabulary = vocabulary;
    this.request = request;
    this.rolePending = chat;
    this.roleChunkEarly = roleChunkEarly;
  }

  @Override
  protected void start() {
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache");
    if (rolePending && roleChunkEarly) {
      writeRole();
    } else {
      response.writeHead();
    }
  }

  @Override
  protected void write(int index, boolean last) {
    if (rolePending) {
      writeRole();
    }
    int reasoning = request.reasoningTokens();
    String usage =
        request.continuousUsage()
            ? format.usage(
                request.promptTokens(),
                index + 1,
                record.cachedTokens(),
                Math.min(index + 1, reasoning))
            : null;
    if (index < reasoning) {
      // reasoning first; the answer has at least its last token
      String event = format.reasoningEvent(vocabulary, index, reasoning, usage);
      record.tokenChunk(clock.nowMicros(), 1);
      response.write(event);
      return;
    }
    int firstTool = request.firstToolToken();
    if (index == firstTool) {
      // a tool call opens with its name and no arguments: a chunk, not a token
      String open = format.toolCallEvent(callId(), request.tool());
      record.chunk(clock.nowMicros());
      response.write(open);
    }
    String event =
        index >= firstTool
            ? format.toolArgumentsEvent(vocabulary.token(index), last, usage)
            : format.tokenEvent(vocabulary.token(index), last, usage);
    record.tokenChunk(clock.nowMicros(), 1);
    response.write(event);
    if (last) {
      end(index + 1);
    }
  }

  @Override
  protected void writeMalformed(int index, boolean last) {
    if (rolePending) {
      writeRole();
    }
    record.tokenChunk(clock.nowMicros(), 1);
    response.write(format.malformedEvent());
    if (last) {
      end(index + 1);
    }
  }

  @Override
  protected void keepAlive() {
    response.write(": keep-alive\n\n");
  }

  private void end(int tokens) {
    if (request.includeUsage()) {
      String usageEvent =
          format.usageEvent(
              request.promptTokens(),
              tokens,
              record.cachedTokens(),
              Math.min(tokens, request.reasoningTokens()));
      record.chunk(clock.nowMicros());
      response.write(usageEvent);
    }
    record.chunk(clock.nowMicros());
    response.end(ChunkFormat.DONE_EVENT);
    finish();
  }

  /** The tool call's id: derived from the request's, so a log can tell them apart. */
  private String callId() {
    return "call_" + Integer.toHexString(record.hashCode());
  }

  private void writeRole() {
    rolePending = false;
    String event = format.roleEvent();
    record.chunk(clock.nowMicros());
    response.write(event);
  }
}
