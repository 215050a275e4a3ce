package io.broadside.agent.client.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * One HTTP request of a target protocol.
 *
 * @param path path and query, already including the target URL's prefix
 * @param body nullable for a request without one
 * @param headers nullable: request-specific headers on top of the transport's own
 * @param stream whether the answer is expected as a stream (decoders may check the content type)
 */
public record HttpCall(
    HttpMethod method, String path, Buffer body, MultiMap headers, boolean stream) {}
