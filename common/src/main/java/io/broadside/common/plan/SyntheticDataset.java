package io.broadside.common.plan;

/**
 * Synthetic prompts of {@code inputTokens} words each (a word is one token for the simulator),
 * varied by a normal spread of {@code inputTokensStddev} (0: all the same), seeded.
 */
public record SyntheticDataset(int inputTokens, int inputTokensStddev, Sampling sampling, long seed)
    implements Dataset {}
