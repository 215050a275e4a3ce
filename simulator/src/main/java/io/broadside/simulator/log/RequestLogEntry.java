package io.broadside.simulator.log;

import java.util.List;

/**
 * One line of the simulator's request log: what it served and when, in microseconds on one
 * monotonic, epoch-anchored clock ({@code epochMicrosAtStart + (System.nanoTime() − nanoAtStart) /
 * 1000}), taken when the bytes were handed to the socket.
 *
 * @param id the response id ({@code chatcmpl-…}, {@code cmpl-…}), or a generated one for errors
 * @param remote the client's address as {@code host:port}
 * @param endpoint the route served, one name per route: {@code chat}, {@code completions}, {@code
 *     tgi_generate}, {@code tgi_generate_stream}, {@code triton_generate}, {@code
 *     triton_generate_stream}, {@code kserve_v1_predict}, {@code kserve_v2_infer}, {@code
 *     kserve_v2_grpc_infer}, {@code caikit_http_generate}, {@code caikit_http_generate_stream},
 *     {@code tgis_generate}, {@code tgis_generate_stream}, {@code caikit_generate}, {@code
 *     caikit_generate_stream}, {@code sagemaker_invocations}, {@code sagemaker_invocations_stream}
 * @param model the model served, or the one asked for when it was unknown
 * @param stream whether the answer was streamed (SSE, a gRPC stream, an event stream)
 * @param arrivalUs when the request's head arrived
 * @param chunksUs one time per SSE event written, including role and usage chunks and {@code
 *     [DONE]}; for a non-streamed answer the one time its body was written; empty for errors
 * @param tokenChunksUs the times of the token-bearing chunks: one per token when streamed, the
 *     body's time when not (the body carries every token)
 * @param promptTokens the prompt's length in tokens
 * @param completionTokens the tokens written (fewer than asked when the answer was cut)
 * @param status the HTTP status (for gRPC the gRPC status code, e.g. 13 INTERNAL, 14 UNAVAILABLE);
 *     499 when the answer was cut before its end (the client went away, the simulator closed with
 *     the answer in progress, or an injected fault dropped the connection)
 * @param coldStart whether the request waited for its model to load (multi-model hosting)
 * @param cachedTokens prompt tokens whose prefill the prefix cache spared (0 without a cache)
 * @param reasoningTokens completion tokens streamed as reasoning before the answer
 * @param headers the values of the request headers the simulator was told to log, by name (only
 *     those present)
 */
public record RequestLogEntry(
    String id,
    String remote,
    String endpoint,
    String model,
    boolean stream,
    long arrivalUs,
    List<Long> chunksUs,
    List<Long> tokenChunksUs,
    int promptTokens,
    int completionTokens,
    int status,
    boolean coldStart,
    int cachedTokens,
    int reasoningTokens,
    java.util.Map<String, String> headers) {

  /** Copies the lists. */
  public RequestLogEntry {
    chunksUs = List.copyOf(chunksUs);
    tokenChunksUs = List.copyOf(tokenChunksUs);
    headers = headers == null ? java.util.Map.of() : java.util.Map.copyOf(headers);
  }
}
