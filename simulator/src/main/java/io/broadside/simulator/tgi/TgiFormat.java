package io.broadside.simulator.tgi;

import io.broadside.simulator.serve.Json;
import io.broadside.simulator.serve.SseFraming;
import io.broadside.simulator.serve.UnaryFraming;
import io.broadside.simulator.token.SeededVocabulary;
import io.vertx.core.http.HttpServerResponse;

/**
 * TGI's native answers (PROTOCOLS.md §3.5): the {@code /generate_stream} SSE events ({@code data:}
 * with no space, one per token, the last with the full text and optional details, no {@code
 * [DONE]}) and the {@code /generate} body. Also the inner stream of SageMaker's TGI container.
 * Immutable.
 */
public final class TgiFormat implements SseFraming, UnaryFraming {
  private final SeededVocabulary vocabulary;
  private final TgiRequest request;

  public TgiFormat(SeededVocabulary vocabulary, TgiRequest request) {
    this.vocabulary = vocabulary;
    this.request = request;
  }

  @Override
  public String token(int index, boolean last) {
    String text = vocabulary.token(index);
    String generated = last ? Json.quote(vocabulary.text(index + 1)) : "null";
    String details =
        last && request.details()
            ? "{\"finish_reason\":\"length\",\"generated_tokens\":"
                + (index + 1)
                + ",\"input_length\":"
                + request.promptTokens()
                + ",\"seed\":null}"
            : "null";
    return "data:{\"index\":"
        + index
        + ",\"token\":{\"id\":"
        + tokenId(text)
        + ",\"text\":"
        + Json.quote(text)
        + ",\"logprob\":-0.1,\"special\":false},\"generated_text\":"
        + generated
        + ",\"details\":"
        + details
        + "}\n\n";
  }

  @Override
  public String malformed(int index, boolean last) {
    return "data:{\"index\":" + index + ",\"token\":{\"id\":\n\n";
  }

  @Override
  public String body(int tokens) {
    String text = Json.quote(vocabulary.text(tokens));
    if (!request.details()) {
      return "{\"generated_text\":" + text + "}";
    }
    return "{\"generated_text\":"
        + text
        + ",\"details\":{\"finish_reason\":\"length\",\"generated_tokens\":"
        + tokens
        + ",\"input_length\":"
        + request.promptTokens()
        + "}}";
  }

  @Override
  public String malformed(int tokens) {
    return "{\"generated_text\": ";
  }

  @Override
  public void headers(HttpServerResponse response, int tokens) {
    response
        .putHeader("x-generated-tokens", Integer.toString(tokens))
        .putHeader("x-prompt-tokens", Integer.toString(request.promptTokens()));
  }

  /** A token id that follows from its text (a vocabulary of 32,000). */
  static int tokenId(String text) {
    return Math.floorMod(text.hashCode(), 32_000);
  }
}
