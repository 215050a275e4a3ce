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
 * @param tool the name of the function a chat answer calls (the first of the request's {@code
 *     tools}, unless {@code tool_choice} is {@code none}), or null: the answer is then half prose,
 *     half that call's arguments
 * @param prefixBlocks the hashes of the prompt's whole blocks for the prefix cache, or null when
 *     the simulator has none
 * @param reasoningTokens how many of the {@code maxTokens} are streamed first as reasoning
 */
record GenerationRequest(
    String model,
    int promptTokens,
    int maxTokens,
    boolean stream,
    boolean includeUsage,
    boolean continuousUsage,
    String tool,
    long[] prefixBlocks,
    int reasoningTokens) {

  /** The same request, reasoning for {@code tokens} before its answer. */
  GenerationRequest reasoning(int tokens) {
    return new GenerationRequest(
        model,
        promptTokens,
        maxTokens,
        stream,
        includeUsage,
        continuousUsage,
        tool,
        prefixBlocks,
        tokens);
  }

  /** The index of the first token that is a tool call's argument fragment (all: none). */
  int firstToolToken() {
    return tool == null ? maxTokens : maxTokens / 2;
  }
}
