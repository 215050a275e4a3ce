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

  /**
   * The chat event that opens a tool call: its id, type and function name, with empty arguments (no
   * output: OpenAI's and vLLM's first tool-call delta).
   */
  String toolCallEvent(String callId, String function) {
    return event(
        head
            + ",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":"
            + quote(callId)
            + ",\"type\":\"function\",\"function\":{\"name\":"
            + quote(function)
            + ",\"arguments\":\"\"}}]},\"logprobs\":null,\"finish_reason\":null}]}");
  }

  /**
   * The chat event carrying one token of the tool call's arguments; the last one has {@code
   * finish_reason: "tool_calls"}.
   */
  String toolArgumentsEvent(String fragment, boolean last, String usage) {
    StringBuilder json = new StringBuilder(head.length() + 200).append(head);
    json.append(",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,")
        .append("\"function\":{\"arguments\":")
        .append(quote(fragment))
        .append("}}]},\"logprobs\":null,\"finish_reason\":")
        .append(last ? "\"tool_calls\"" : "null")
        .append("}]");
    if (usage != null) {
      json.append(",\"usage\":").append(usage);
    }
    return event(json.append('}').toString());
  }

  /** A whole chat answer with prose, then a call of {@code function} with {@code arguments}. */
  String toolResponse(
      String text,
      String callId,
      String function,
      String arguments,
      int promptTokens,
      int completionTokens) {
    return responseHead
        + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + quote(text)
        + ",\"tool_calls\":[{\"id\":"
        + quote(callId)
        + ",\"type\":\"function\",\"function\":{\"name\":"
        + quote(function)
        + ",\"arguments\":"
        + quote(arguments)
        + "}}]},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],\"usage\":"
        + usage(promptTokens, completionTokens)
        + "}";
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
