package io.broadside.agent.dataset;

import java.util.List;
import java.util.Map;

/**
 * One dataset entry.
 *
 * @param messages nullable: chat messages when the entry has them
 * @param maxTokens nullable: the entry's own output budget
 * @param promptTokens the prompt's length in words (a word is one token for the simulator)
 */
public record Prompt(
    String text, List<Map<String, String>> messages, Integer maxTokens, int promptTokens) {}
