package io.broadside.simulator.openai;

/** The two generation endpoints and the names their JSON uses. */
public enum Endpoint {
  CHAT("chat", "chat.completion", "chat.completion.chunk", "chatcmpl-"),
  COMPLETIONS("completions", "text_completion", "text_completion", "cmpl-");

  /** The name in the request log. */
  final String logName;

  /** {@code object} of a non-streamed answer. */
  final String responseObject;

  /** {@code object} of a streamed chunk. */
  final String chunkObject;

  /** Prefix of response ids. */
  final String idPrefix;

  Endpoint(String logName, String responseObject, String chunkObject, String idPrefix) {
    this.logName = logName;
    this.responseObject = responseObject;
    this.chunkObject = chunkObject;
    this.idPrefix = idPrefix;
  }
}
