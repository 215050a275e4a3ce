package io.broadside.simulator.openai;

import io.broadside.simulator.fault.Fault;
import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.serve.HttpExchange;
import io.broadside.simulator.token.SeededVocabulary;
import io.vertx.core.http.HttpServerResponse;

/** A non-streamed answer: one JSON body with {@code usage}, written when the last token exists. */
final class UnaryExchange extends HttpExchange {
  private final ChunkFormat format;
  private final SeededVocabulary vocabulary;
  private final GenerationRequest request;

  UnaryExchange(
      HttpServerResponse response,
      RequestRecord record,
      EpochMicroClock clock,
      Fault fault,
      ChunkFormat format,
      SeededVocabulary vocabulary,
      GenerationRequest request) {
    super(response, record, clock, fault, false, 0);
    this.format = format;
    this.vocabulary = vocabulary;
    this.request = request;
  }

  @Override
  protected void start() {}

  @Override
  protected void write(int index, boolean last) {
    if (last) {
      int tokens = index + 1;
      int prose = Math.min(tokens, request.firstToolToken());
      end(
          tokens,
          prose == tokens
              ? answer(tokens)
              : format.toolResponse(
                  vocabulary.text(prose),
                  "call_" + Integer.toHexString(record.hashCode()),
                  request.tool(),
                  arguments(prose, tokens),
                  request.promptTokens(),
                  tokens));
    }
  }

  /** A whole answer of {@code tokens}, its reasoning first when it reasons. */
  private String answer(int tokens) {
    int reasoning = Math.min(request.reasoningTokens(), tokens);
    StringBuilder text = new StringBuilder();
    for (int i = reasoning; i < tokens; i++) {
      text.append(vocabulary.token(i));
    }
    return format.response(
        reasoning == 0 ? null : format.reasoningText(vocabulary, reasoning),
        text.toString(),
        request.promptTokens(),
        tokens,
        record.cachedTokens(),
        reasoning);
  }

  /** The tool call's arguments: the tokens from {@code from} to {@code to}, as streamed. */
  private String arguments(int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      out.append(vocabulary.token(i));
    }
    return out.toString();
  }

  @Override
  protected void writeMalformed(int index, boolean last) {
    end(index + 1, format.malformedResponse());
  }

  private void end(int tokens, String body) {
    response.putHeader("Content-Type", "application/json");
    record.tokenChunk(clock.nowMicros(), tokens);
    response.end(body);
    finish();
  }
}
