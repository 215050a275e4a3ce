package io.broadside.simulator.log;

import java.util.ArrayList;
import java.util.List;

/**
 * The log record of one request while it is served: mutable, owned by the simulator's context. Call
 * {@link #chunk} and {@link #tokenChunk} with the time read right before the bytes are written.
 */
public final class RequestRecord {
  private final String id;
  private final String remote;
  private final String endpoint;
  private final String model;
  private final boolean stream;
  private final long arrivalUs;
  private int promptTokens;
  private final List<Long> chunksUs = new ArrayList<>();
  private final List<Long> tokenChunksUs = new ArrayList<>();
  private int completionTokens;
  private boolean coldStart;
  private int cachedTokens;
  private int reasoningTokens;
  private java.util.Map<String, String> headers = java.util.Map.of();
  private long queuedUs = -1;

  public RequestRecord(
      String id,
      String remote,
      String endpoint,
      String model,
      boolean stream,
      long arrivalUs,
      int promptTokens) {
    this.id = id;
    this.remote = remote;
    this.endpoint = endpoint;
    this.model = model;
    this.stream = stream;
    this.arrivalUs = arrivalUs;
    this.promptTokens = promptTokens;
  }

  /** A chunk that carries no token (role, usage, {@code [DONE]}) was written at {@code atUs}. */
  public void chunk(long atUs) {
    chunksUs.add(atUs);
  }

  /** A chunk carrying {@code tokens} tokens was written at {@code atUs}. */
  public void tokenChunk(long atUs, int tokens) {
    chunksUs.add(atUs);
    tokenChunksUs.add(atUs);
    completionTokens += tokens;
  }

  /** Sets the prompt's length, once the body is read. */
  public void setPromptTokens(int tokens) {
    promptTokens = tokens;
  }

  /** The prompt's length in tokens. */
  public int promptTokens() {
    return promptTokens;
  }

  /** The request waited for its model to load. */
  public void coldStart() {
    coldStart = true;
  }

  /** The tokens written so far. */
  public int completionTokens() {
    return completionTokens;
  }

  /** The sequence waited {@code us} for a batch slot. */
  public void queued(long us) {
    queuedUs = us;
  }

  /** How long the sequence waited for a batch slot, -1 when it never reached the engine. */
  public long queuedUs() {
    return queuedUs;
  }

  public String model() {
    return model;
  }

  public long arrivalUs() {
    return arrivalUs;
  }

  /** When each token-bearing chunk was written. */
  public List<Long> tokenChunksUs() {
    return tokenChunksUs;
  }

  /** The id, as logged. */
  public String id() {
    return id;
  }

  /** Prompt tokens the prefix cache held: their prefill was skipped. */
  public void cachedTokens(int tokens) {
    cachedTokens = tokens;
  }

  public int cachedTokens() {
    return cachedTokens;
  }

  /** The values of the request's headers the log keeps. */
  public void headers(java.util.Map<String, String> values) {
    headers = values;
  }

  /** Completion tokens streamed as reasoning, before the answer. */
  public void reasoningTokens(int tokens) {
    reasoningTokens = tokens;
  }

  /** The finished entry. */
  public RequestLogEntry toEntry(int status) {
    return new RequestLogEntry(
        id,
        remote,
        endpoint,
        model,
        stream,
        arrivalUs,
        chunksUs,
        tokenChunksUs,
        promptTokens,
        completionTokens,
        status,
        coldStart,
        cachedTokens,
        reasoningTokens,
        headers);
  }
}
