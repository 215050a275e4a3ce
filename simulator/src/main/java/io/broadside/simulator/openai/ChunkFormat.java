package io.broadside.simulator.openai;

import io.broadside.simulator.serve.Json;

/**
 * The JSON of one answer (PROTOCOLS.md §3.3), built as text because a stream writes one chunk per
 * token: chat chunks are {@code chat.completion.chunk} objects with {@code choices[0].delta},
 * completion chunks {@code text_completion} objects with {@code choices[0].text}. Immutable.
 */
final class ChunkFormat {
  /** The event that ends every stream. */
  static final String DONE_EVENT = "data: [DONE]\n\n";

  private final Endpoint endpoint;
  private final String head;
  private final String responseHead;

  ChunkFormat(Endpoint endpoint, String id, long createdSeconds, String model) {
    this.endpoint = endpoint;
    String rest = "\",\"created\":" + createdSeconds + ",\"model\":" + quote(model);
    this.head = "{\"id\":" + quote(id) + ",\"object\":\"" + endpoint.chunkObject + rest;
    this.responseHead = "{\"id\":" + quote(id) + ",\"object\":\"" + endpoint.responseObject + rest;
  }

  /** The chat stream's first event: {@code delta = {"role":"assistant"}}, no content. */
  String roleEvent() {
    return event(
        head
            + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]}");
  }

  /**
   * The event carrying one token; the last one has {@code finish_reason: "length"}; {@code usage}
   * is a JSON object to attach, or {@code null}.
   */
  String tokenEvent(String token, boolean last, String usage) {
    StringBuilder json = new StringBuilder(head.length() + 160).append(head);
    if (endpoint == Endpoint.CHAT) {
      json.append(",\"choices\":[{\"index\":0,\"delta\":{\"content\":").append(quote(token));
      json.append("},\"logprobs\":null,\"finish_reason\":");
    } else {
      json.append(",\"choices\":[{\"index\":0,\"text\":").append(quote(token));
      json.append(",\"logprobs\":null,\"finish_reason\":");
    }
    json.append(last ? "\"length\"" : "null").append("}]");
    if (usage != null) {
      json.append(",\"usage\":").append(usage);
    }
    return event(json.append('}').toString());
  }

  /** The usage-only event before {@code [DONE]}: {@code "choices": []}. */
  String usageEvent(int promptTokens, int completionTokens) {
    return event(head + ",\"choices\":[],\"usage\":" + usage(promptTokens, completionTokens) + "}");
  }

  /** The second token's event cut mid-JSON: a {@code MALFORMED} fault. */
  String malformedEvent() {
    return endpoint == Endpoint.CHAT
        ? "data: {\"choices\":[{\"delta\":\n\n"
        : "data: {\"choices\":[{\"text\":\n\n";
  }

  /** A whole non-streamed answer cut mid-JSON: a {@code MALFORMED} fault. */
  String malformedResponse() {
    return responseHead + ",\"choices\":[{\"index\":0,";
  }

  /** A whole non-streamed answer with {@code usage}. */
  String response(String text, int promptTokens, int completionTokens) {
    String choice =
        endpoint == Endpoint.CHAT
            ? "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + quote(text) + "},"
            : "{\"index\":0,\"text\":" + quote(text) + ",";
    return responseHead
        + ",\"choices\":["
        + choice
        + "\"logprobs\":null,\"finish_reason\":\"length\"}],\"usage\":"
        + usage(promptTokens, completionTokens)
        + "}";
  }

  /** {@code {"prompt_tokens":…,"completion_tokens":…,"total_tokens":…}}. */
  static String usage(int promptTokens, int completionTokens) {
    return "{\"prompt_tokens\":"
        + promptTokens
        + ",\"completion_tokens\":"
        + completionTokens
        + ",\"total_tokens\":"
        + (promptTokens + completionTokens)
        + "}";
  }

  /** A JSON string literal, quotes included. */
  static String quote(String text) {
    return Json.quote(text);
  }

  private static String event(String json) {
    return "data: " + json + "\n\n";
  }
}
