package io.broadside.simulator.openai;

import io.broadside.simulator.log.EpochMicroClock;
import io.broadside.simulator.log.RequestLog;
import io.broadside.simulator.log.RequestRecord;
import io.broadside.simulator.token.SeededVocabulary;
import io.vertx.core.http.HttpServerResponse;

/** A non-streamed answer: one JSON body with {@code usage}, written when the last token exists. */
final class UnaryExchange extends Exchange {
  private final ChunkFormat format;
  private final SeededVocabulary vocabulary;
  private final GenerationRequest request;

  UnaryExchange(
      HttpServerResponse response,
      RequestRecord record,
      EpochMicroClock clock,
      RequestLog log,
      ChunkFormat format,
      SeededVocabulary vocabulary,
      GenerationRequest request) {
    super(response, record, clock, log);
    this.format = format;
    this.vocabulary = vocabulary;
    this.request = request;
  }

  @Override
  void start() {}

  @Override
  void write(int index, boolean last) {
    if (!last) {
      return;
    }
    int tokens = index + 1;
    String body = format.response(vocabulary.text(tokens), request.promptTokens(), tokens);
    response.putHeader("Content-Type", "application/json");
    record.tokenChunk(clock.nowMicros(), tokens);
    response.end(body);
    finish();
  }
}
