package io.broadside.common.plan;

import java.nio.file.Path;

/**
 * A JSONL file: one object per line with {@code prompt} (string) or {@code messages} (chat list),
 * optional {@code maxTokens}. A relative path is resolved against the plan file's folder.
 */
public record FileDataset(Path file, Sampling sampling, long seed) implements Dataset {}
