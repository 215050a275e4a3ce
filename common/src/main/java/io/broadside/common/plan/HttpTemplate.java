package io.broadside.common.plan;

/**
 * The request of an {@code http} target: {@code body} is JSON text with placeholders {@code
 * {{prompt}}}, {@code {{model}}} and {@code {{maxTokens}}}, replaced per request (the prompt and
 * model as JSON string contents, escaped; maxTokens as a number).
 *
 * @param method HTTP method, e.g. POST
 * @param path path and query appended to the target URL's path
 * @param outputTokens nullable: JSON pointer to the output token count in the response
 * @param outputText nullable: JSON pointer to the generated text; with no count, a non-empty text
 *     counts as one token-bearing chunk
 */
public record HttpTemplate(
    String method, String path, String body, String outputTokens, String outputText) {}
