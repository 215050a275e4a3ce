package io.broadside.agent.client;

import java.util.List;
import java.util.Map;

/**
 * What to ask: the model, the prompt (text or chat messages) and the output budget.
 *
 * @param messages nullable: when set, used as-is for chat (each a map of role and content)
 */
public record TargetRequest(
    String model,
    String prompt,
    List<Map<String, String>> messages,
    int maxTokens,
    int promptTokens) {}
