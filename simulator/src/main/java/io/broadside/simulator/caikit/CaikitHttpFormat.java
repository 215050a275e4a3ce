package io.broadside.simulator.caikit;

import io.broadside.simulator.serve.Json;
import io.broadside.simulator.serve.SseFraming;
import io.broadside.simulator.serve.UnaryFraming;
import io.broadside.simulator.token.SeededVocabulary;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Caikit HTTP's answers (PROTOCOLS.md §2.3): the unary {@code GeneratedTextResult} JSON, and the
 * sse-starlette stream (CRLF line ends, {@code event: message}): an ack with the input token count,
 * then one delta per token with the cumulative count, and {@code : ping - <time>} comments as
 * keep-alives. Immutable.
 */
final class CaikitHttpFormat implements SseFraming, UnaryFraming {
  private static final DateTimeFormatter PING_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private final SeededVocabulary vocabulary;
  private final int promptTokens;

  CaikitHttpFormat(SeededVocabulary vocabulary, int promptTokens) {
    this.vocabulary = vocabulary;
    this.promptTokens = promptTokens;
  }

  @Override
  public String head() {
    return message(
        "{\"generated_text\":\"\",\"tokens\":[],\"details\":{\"finish_reason\":\"NOT_FINISHED\","
            + "\"generated_tokens\":0,\"seed\":null,\"input_token_count\":"
            + promptTokens
            + "},\"producer_id\":null,\"input_tokens\":[]}");
  }

  @Override
  public String token(int index, boolean last) {
    return message(
        "{\"generated_text\":"
            + Json.quote(vocabulary.token(index))
            + ",\"tokens\":[],\"details\":{\"finish_reason\":"
            + (last ? "\"MAX_TOKENS\"" : "\"NOT_FINISHED\"")
            + ",\"generated_tokens\":"
            + (index + 1)
            + ",\"seed\":null,\"input_token_count\":"
            + promptTokens
            + "},\"producer_id\":null,\"input_tokens\":[]}");
  }

  @Override
  public String malformed(int index, boolean last) {
    return "event: message\r\ndata: {\"generated_text\":\r\n\r\n";
  }

  @Override
  public String keepAlive() {
    return ": ping - " + PING_TIME.format(Instant.now()) + "\r\n\r\n";
  }

  @Override
  public String body(int tokens) {
    return "{\"generated_text\":"
        + Json.quote(vocabulary.text(tokens))
        + ",\"generated_tokens\":"
        + tokens
        + ",\"finish_reason\":\"MAX_TOKENS\",\"producer_id\":{\"name\":\"Text Generation\","
        + "\"version\":\"0.1.0\"},\"input_token_count\":"
        + promptTokens
        + ",\"seed\":null,\"tokens\":[],\"input_tokens\":[]}";
  }

  @Override
  public String malformed(int tokens) {
    return "{\"generated_text\": ";
  }

  /** {@code {"details","code","id"}}, Caikit's error body. */
  static String error(String details, int code, String id) {
    return "{\"details\":"
        + Json.quote(details)
        + ",\"code\":"
        + code
        + ",\"id\":"
        + Json.quote(id)
        + "}";
  }

  private static String message(String json) {
    return "event: message\r\ndata: " + json + "\r\n\r\n";
  }
}
