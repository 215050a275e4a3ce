package io.broadside.simulator.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The timing of one simulated GPU with continuous batching.
 *
 * <p>A step takes {@code stepBase + stepPerSequence × running} plus {@code prefillPerToken ×
 * promptTokens} for every sequence admitted at that step; at most {@code maxBatch} sequences run at
 * once and the rest wait. Every running sequence emits one token at the end of each step.
 *
 * @param name the preset's name, as accepted by {@link #byName(String)}
 * @param maxBatch the most sequences in one batch, positive
 * @param stepBase the fixed cost of a decode step, positive
 * @param stepPerSequence the extra cost of a step per running sequence, zero or more
 * @param prefillPerToken the prefill cost per prompt token of a newly admitted sequence, zero or
 *     more
 */
public record GpuPreset(
    String name,
    int maxBatch,
    Duration stepBase,
    Duration stepPerSequence,
    Duration prefillPerToken) {

  /**
   * Calibrated like llama-2-7b on one 24 GB GPU: about 26 ms per output token for one user, and
   * throughput that flattens at 20 concurrent users (about 445 tokens/s with 128-token prompts and
   * answers).
   */
  public static final GpuPreset LLAMA_7B_1GPU =
      new GpuPreset(
          "llama-7b-1gpu",
          20,
          Duration.ofMillis(25),
          Duration.ofNanos(900_000),
          Duration.ofNanos(100_000));

  /** Wide and quick, for scale tests: 256 sequences, about 1 ms steps. */
  public static final GpuPreset FAST =
      new GpuPreset(
          "fast", 256, Duration.ofMillis(1), Duration.ofNanos(10_000), Duration.ofNanos(1_000));

  /** For tests: 1024 sequences, 200 µs steps whatever the batch, no prefill cost. */
  public static final GpuPreset INSTANT =
      new GpuPreset("instant", 1024, Duration.ofNanos(200_000), Duration.ZERO, Duration.ZERO);

  private static final List<GpuPreset> ALL = List.of(LLAMA_7B_1GPU, FAST, INSTANT);

  /** Rejects a non-positive batch or base step and negative costs. */
  public GpuPreset {
    Objects.requireNonNull(name, "name");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive, was " + maxBatch);
    }
    if (stepBase.isNegative() || stepBase.isZero()) {
      throw new IllegalArgumentException("stepBase must be positive, was " + stepBase);
    }
    if (stepPerSequence.isNegative()) {
      throw new IllegalArgumentException("stepPerSequence must not be negative");
    }
    if (prefillPerToken.isNegative()) {
      throw new IllegalArgumentException("prefillPerToken must not be negative");
    }
  }

  /**
   * Returns the built-in preset with this name.
   *
   * @throws IllegalArgumentException naming the known presets when there is none
   */
  public static GpuPreset byName(String name) {
    return ALL.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown GPU preset '"
                        + name
                        + "'; known presets: "
                        + ALL.stream().map(GpuPreset::name).collect(Collectors.joining(", "))));
  }

  /** Returns the built-in presets, {@code llama-7b-1gpu} first. */
  public static List<GpuPreset> all() {
    return ALL;
  }
}
