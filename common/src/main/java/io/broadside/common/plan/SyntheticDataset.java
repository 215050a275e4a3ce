package io.broadside.common.plan;

/**
 * Synthetic prompts whose lengths (in words, a word is one token for the simulator) follow {@code
 * input}, and whose output budgets follow {@code output} (null: the plan's {@code maxTokens}); with
 * {@code prefixes} (nullable), each prompt starts with its group's shared prefix and {@code input}
 * is the length of what follows. Seeded: every agent makes the same prompts.
 */
public record SyntheticDataset(
    TokenLengths input, TokenLengths output, Sampling sampling, long seed, SharedPrefixes prefixes)
    implements Dataset {

  /** Prompts without shared prefixes. */
  public SyntheticDataset(TokenLengths input, TokenLengths output, Sampling sampling, long seed) {
    this(input, output, sampling, seed, null);
  }

  /** Prompts of {@code inputTokens} words varied by a normal spread (0: all the same). */
  public SyntheticDataset(int inputTokens, int inputTokensStddev, Sampling sampling, long seed) {
    this(new TokenLengths.Normal(inputTokens, inputTokensStddev), null, sampling, seed);
  }
}
