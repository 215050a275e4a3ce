package io.broadside.agent.client.openai;

import io.broadside.agent.client.TargetRequest;
import io.broadside.common.plan.TargetProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Paths and bodies of OpenAI-compatible requests. Pure functions. */
final class OpenAiRequests {
  private OpenAiRequests() {}

  /**
   * The request path: a base URL ending in {@code /v1} (KServe mounts the API under {@code
   * /openai/v1}) gets the route appended; any other base gets {@code /v1/…}.
   */
  static String path(String basePath, TargetProtocol protocol) {
    String prefix = basePath;
    if (!prefix.endsWith("/v1")) {
      prefix = prefix + "/v1";
    }
    return prefix + (protocol == TargetProtocol.OPENAI_CHAT ? "/chat/completions" : "/completions");
  }

  static Buffer body(TargetProtocol protocol, TargetRequest request, boolean stream) {
    JsonObject body = new JsonObject().put("model", request.model());
    if (protocol == TargetProtocol.OPENAI_CHAT) {
      JsonArray messages = new JsonArray();
      if (request.messages() != null) {
        for (Map<String, String> m : request.messages()) {
          messages.add(new JsonObject(Map.copyOf(m)));
        }
      } else {
        messages.add(new JsonObject().put("role", "user").put("content", request.prompt()));
      }
      body.put("messages", messages);
    } else {
      body.put("prompt", request.prompt());
    }
    body.put("max_tokens", request.maxTokens());
    body.put("stream", stream);
    if (stream) {
      body.put("stream_options", new JsonObject().put("include_usage", true));
    }
    return body.toBuffer();
  }
}
