package io.broadside.common.plan;

/** Where prompts come from. Loaded once per agent, off the event loop. */
public sealed interface Dataset permits FileDataset, SyntheticDataset {
  Sampling sampling();

  long seed();
}
