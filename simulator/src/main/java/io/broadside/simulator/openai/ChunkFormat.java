package io.broadside.simulator.openai;

import io.broadside.simulator.config.Generation;
import io.broadside.simulator.serve.Json;
import io.broadside.simulator.token.SeededVocabulary;

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
  private final Generation.ReasoningFormat reasoningFormat;
  private final boolean cachesPrefixes;

  ChunkFormat(Endpoint endpoint, String id, long createdSeconds, String model) {
    this(endpoint, id, createdSeconds, model, Generation.ReasoningFormat.FIELD, false);
  }

  /**
   * @param reasoningFormat how reasoning tokens are written, and whether the usage counts them
   * @param cachesPrefixes whether the usage says the prompt tokens found in the prefix cache
   */
  ChunkFormat(
      Endpoint endpoint,
      String id,
      long createdSeconds,
      String model,
      Generation.ReasoningFormat reasoningFormat,
      boolean cachesPrefixes) {
    this.endpoint = endpoint;
    this.reasoningFormat = reasoningFormat;
    this.cachesPrefixes = cachesPrefixes;
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
   * Reasoning token {@code index} of {@code reasoningTokens}: a word, or in a {@code <think>} span
   * its opening tag first and its closing tag last.
   */
  String reasoningToken(SeededVocabulary vocabulary, int index, int reasoningTokens) {
    if (reasoningFormat == Generation.ReasoningFormat.THINK) {
      if (index == 0) {
        return "<think>";
      }
      if (index == reasoningTokens - 1) {
        return "</think>";
      }
    }
    return vocabulary.token(index);
  }

  /** Reasoning tokens {@code 0 … reasoningTokens-1}, joined. */
  String reasoningText(SeededVocabulary vocabulary, int reasoningTokens) {
    StringBuilder b = new StringBuilder(reasoningTokens * 6);
    for (int i = 0; i < reasoningTokens; i++) {
      b.append(reasoningToken(vocabulary, i, reasoningTokens));
    }
    return b.toString();
  }

  /**
   * The chat event carrying reasoning token {@code index} of {@code reasoningTokens}: in {@code
   * delta.reasoning_content}, or in the content within a {@code <think>} span.
   */
  String reasoningEvent(SeededVocabulary vocabulary, int index, int reasoningTokens, String usage) {
    String token = reasoningToken(vocabulary, index, reasoningTokens);
    return reasoningFormat == Generation.ReasoningFormat.THINK
        ? tokenEvent(token, false, usage)
        : reasoningEvent(token, usage);
  }

  /** The chat event carrying one reasoning token in {@code delta.reasoning_content}. */
  String reasoningEvent(String token, String usage) {
    StringBuilder json = new StringBuilder(head.length() + 160).append(head);
    json.append(",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":")
        .append(quote(token))
        .append("},\"logprobs\":null,\"finish_reason\":null}]");
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
    return usageEvent(promptTokens, completionTokens, 0, 0);
  }

  /** As {@link #usageEvent(int, int)}, with the cached prompt and reasoning tokens. */
  String usageEvent(int promptTokens, int completionTokens, int cached, int reasoning) {
    return event(
        head
            + ",\"choices\":[],\"usage\":"
            + usage(promptTokens, completionTokens, cached, reasoning)
            + "}");
  }

  /**
   * The usage object: with {@code prompt_tokens_details.cached_tokens} when the simulator caches
   * prefixes, and {@code completion_tokens_details.reasoning_tokens} when reasoning travels in its
   * own field (a server that streams {@code <think>} spans does not count them apart).
   */
  String usage(int promptTokens, int completionTokens, int cached, int reasoning) {
    String base = usage(promptTokens, completionTokens);
    StringBuilder b = new StringBuilder(base.length() + 96);
    b.append(base, 0, base.length() - 1);
    if (cachesPrefixes) {
      b.append(",\"prompt_tokens_details\":{\"cached_tokens\":").append(cached).append('}');
    }
    if (reasoningFormat == Generation.ReasoningFormat.FIELD && reasoning > 0) {
      b.append(",\"completion_tokens_details\":{\"reasoning_tokens\":")
          .append(reasoning)
          .append('}');
    }
    return b.append('}').toString();
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
    return response(null, text, promptTokens, completionTokens, 0, 0);
  }

  /**
   * A whole non-streamed answer whose {@code reasoning} (null: none) of {@code reasoningTokens}
   * tokens comes first: in {@code message.reasoning_content}, or as a {@code <think>} span at the
   * head of the content.
   */
  String response(
      String reasoning,
      String text,
      int promptTokens,
      int completionTokens,
      int cached,
      int reasoningTokens) {
    String choice;
    if (endpoint != Endpoint.CHAT) {
      choice = "{\"index\":0,\"text\":" + quote(text) + ",";
    } else if (reasoning == null) {
      choice = "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + quote(text) + "},";
    } else if (reasoningFormat == Generation.ReasoningFormat.THINK) {
      choice =
          "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
              + quote(reasoning + text)
              + "},";
    } else {
      choice =
          "{\"index\":0,\"message\":{\"role\":\"assistant\",\"reasoning_content\":"
              + quote(reasoning)
              + ",\"content\":"
              + quote(text)
              + "},";
    }
    return responseHead
        + ",\"choices\":["
        + choice
        + "\"logprobs\":null,\"finish_reason\":\"length\"}],\"usage\":"
        + usage(promptTokens, completionTokens, cached, reasoningTokens)
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
