package io.broadside.common.plan;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads {@code $.dataset}: exactly one of {@code file} (which must exist, relative to the plan's
 * folder) or {@code synthetic}, with {@code sampling} and {@code seed}. Absent: {@link #DEFAULT}.
 */
final class DatasetReader {
  static final Set<String> KEYS = Fields.keys("file", "synthetic", "sampling", "seed");
  static final Set<String> SYNTHETIC_KEYS = Fields.keys("inputTokens", "inputTokensStddev");

  static final Sampling DEFAULT_SAMPLING = Sampling.RANDOM;
  static final long DEFAULT_SEED = 42;
  static final SyntheticDataset DEFAULT =
      new SyntheticDataset(128, 0, DEFAULT_SAMPLING, DEFAULT_SEED);

  private DatasetReader() {}

  /**
   * The dataset, {@link #DEFAULT} if absent, or null if it has a problem (reported).
   *
   * @param baseDir the folder a relative file is resolved against
   */
  static Dataset read(Fields plan, Path baseDir) {
    if (!plan.has("dataset")) {
      return DEFAULT;
    }
    Fields dataset = plan.object("dataset", KEYS, Map.of());
    if (dataset == null) {
      return null;
    }
    int before = dataset.problems().count();
    boolean hasFile = dataset.has("file");
    boolean hasSynthetic = dataset.has("synthetic");
    if (hasFile == hasSynthetic) {
      dataset
          .problems()
          .add(
              dataset.path(),
              "must have exactly one of 'file' or 'synthetic', has "
                  + (hasFile ? "both" : "neither"));
    }
    Sampling sampling =
        Objects.requireNonNullElse(dataset.choice("sampling", Sampling.class), DEFAULT_SAMPLING);
    long seed = Objects.requireNonNullElse(dataset.longNumber("seed"), DEFAULT_SEED);
    Path file = hasFile ? dataset.existingFile("file", baseDir) : null;
    SyntheticDataset synthetic = hasSynthetic ? synthetic(dataset, sampling, seed) : null;
    if (dataset.problems().count() > before) {
      return null;
    }
    return file != null ? new FileDataset(file, sampling, seed) : synthetic;
  }

  private static SyntheticDataset synthetic(Fields dataset, Sampling sampling, long seed) {
    Fields synthetic = dataset.object("synthetic", SYNTHETIC_KEYS, Map.of());
    if (synthetic == null) {
      return null;
    }
    Integer inputTokens = synthetic.required("inputTokens", key -> synthetic.wholeNumber(key, 1));
    Integer stddev = synthetic.wholeNumber("inputTokensStddev", 0);
    return inputTokens == null
        ? null
        : new SyntheticDataset(inputTokens, Objects.requireNonNullElse(stddev, 0), sampling, seed);
  }
}
