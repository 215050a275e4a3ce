package io.broadside.simulator.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Multi-model hosting: models are loaded on first use into a memory budget and the least recently
 * used idle ones are unloaded to make room. At most {@code floor(memoryGb / modelSizeGb)} models
 * are loaded (or loading) at once. A model's load time is uniform in [{@code loadTimeMin}, {@code
 * loadTimeMax}], fixed per model for a seed. A request for a model that is not loaded starts its
 * load and waits up to {@code coldStartWait}: served (and logged {@code coldStart: true}) if the
 * load completes in time, else answered with the family's "not ready" while the load goes on.
 *
 * @param memoryGb the memory for models, positive
 * @param modelSizeGb what one loaded model occupies, positive
 * @param loadTimeMin the shortest load time, zero or more
 * @param loadTimeMax the longest load time, at least {@code loadTimeMin}
 * @param coldStartWait how long a request waits for its model's load, zero or more
 */
public record ModelHosting(
    double memoryGb,
    double modelSizeGb,
    Duration loadTimeMin,
    Duration loadTimeMax,
    Duration coldStartWait) {

  /** Rejects non-positive sizes, negative durations and {@code min > max}. */
  public ModelHosting {
    Objects.requireNonNull(loadTimeMin, "loadTimeMin");
    Objects.requireNonNull(loadTimeMax, "loadTimeMax");
    Objects.requireNonNull(coldStartWait, "coldStartWait");
    if (!(memoryGb > 0) || !(modelSizeGb > 0)) {
      throw new IllegalArgumentException("memoryGb and modelSizeGb must be positive");
    }
    if (loadTimeMin.isNegative() || loadTimeMax.compareTo(loadTimeMin) < 0) {
      throw new IllegalArgumentException("need 0 <= loadTimeMin <= loadTimeMax");
    }
    if (coldStartWait.isNegative()) {
      throw new IllegalArgumentException("coldStartWait must not be negative");
    }
  }

  /**
   * How long loading {@code model} takes with {@code seed}: uniform in [min, max], fixed per model.
   */
  public Duration loadTime(String model, long seed) {
    long min = loadTimeMin.toMillis();
    long span = loadTimeMax.toMillis() - min;
    long hash = io.broadside.simulator.token.SeededVocabulary.mix(seed * 31 + model.hashCode());
    double unit = (hash >>> 11) * 0x1.0p-53;
    return Duration.ofMillis(min + Math.round(unit * span));
  }

  /** The most models loaded (or loading) at once. */
  public int capacity() {
    return (int) Math.floor(memoryGb / modelSizeGb);
  }
}
