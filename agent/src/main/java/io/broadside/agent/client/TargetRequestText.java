package io.broadside.agent.client;

import java.util.Map;

/** The prompt of a request as one text, for protocols that take no chat messages. */
public final class TargetRequestText {
  private TargetRequestText() {}

  /** The prompt, or the chat messages' contents joined by new lines. */
  public static String of(TargetRequest request) {
    if (request.messages() == null) {
      return request.prompt();
    }
    StringBuilder text = new StringBuilder();
    for (Map<String, String> m : request.messages()) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(m.getOrDefault("content", ""));
    }
    return text.toString();
  }
}
