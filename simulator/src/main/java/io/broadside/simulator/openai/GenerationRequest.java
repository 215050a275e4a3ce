package io.broadside.simulator.openai;

/**
 * What the simulator takes from a generation request body.
 *
 * @param model the model asked for, or {@code null} for the default one
 * @param promptTokens the prompt's length in tokens (words)
 * @param maxTokens the tokens to generate, positive: always exactly this many (like ignore_eos)
 * @param stream whether to answer with SSE
 * @param includeUsage whether a usage-only chunk precedes {@code [DONE]}
 * @param continuousUsage whether every token chunk carries the cumulative usage (vLLM's {@code
 *     continuous_usage_stats})
 */
record GenerationRequest(
    String model,
    int promptTokens,
    int maxTokens,
    boolean stream,
    boolean includeUsage,
    boolean continuousUsage) {}
