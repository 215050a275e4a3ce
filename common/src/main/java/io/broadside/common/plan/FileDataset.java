package io.broadside.common.plan;

import java.nio.file.Path;

/**
 * A JSONL file (one entry a line) or a JSON file (a top-level array of entries) of prompts, in one
 * of the {@link DatasetFormat}s. A relative path is resolved against the plan file's folder.
 *
 * @param minInputTokens nullable: entries whose prompt has fewer words are left out
 * @param maxInputTokens nullable: entries whose prompt has more words are left out
 */
public record FileDataset(
    Path file,
    DatasetFormat format,
    MaxTokensFrom maxTokensFrom,
    Integer minInputTokens,
    Integer maxInputTokens,
    Sampling sampling,
    long seed)
    implements Dataset {

  /** A file of any recognized format, output budgets from the plan, no filter. */
  public FileDataset(Path file, Sampling sampling, long seed) {
    this(file, DatasetFormat.AUTO, MaxTokensFrom.PLAN, null, null, sampling, seed);
  }
}
