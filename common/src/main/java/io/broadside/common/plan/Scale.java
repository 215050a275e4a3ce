package io.broadside.common.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A many-model scale study: every model of the plan (often hundreds) is waited for until it is
 * ready, then validated with {@code validate} requests; the summary reports the distribution of
 * time-to-ready (creation to ready) and of validation latency, and the readiness curve (created vs
 * ready over time). Agents probe their share of the models; the coordinator knows when each was
 * created: at the run's start, at the times a file gives, or when it ran the plan's creation hook
 * for it (only on a coordinator started with {@code --allow-hooks}).
 *
 * @param create how models come to exist
 * @param probe how readiness is seen
 * @param interval between two readiness probes of one model
 * @param timeout from the run's start: a model not ready by then is reported as not ready
 * @param validate requests sent to each model once ready, one at a time
 */
public record Scale(Create create, Probe probe, Duration interval, Duration timeout, int validate)
    implements LoadShape {
  @Override
  public <R> R match(LoadShape.Cases<R> cases) {
    return cases.scale(this);
  }

  /** The one stage of the study: its validation requests are recorded under it. */
  public static final String STAGE = "scale";

  /** How readiness is seen. */
  public enum Probe {
    /** {@code GET /v2/models/{m}/ready} answers 200 (Open Inference Protocol, Triton). */
    KSERVE_V2,
    /** {@code GET /v1/models/{m}} answers 200 with {@code "ready": true}. */
    KSERVE_V1,
    /** The first successful inference request (any protocol; a SageMaker model's first load). */
    INFERENCE
  }

  /**
   * How models come to exist.
   *
   * @param hook nullable: the command the coordinator runs for each model, {@code ${model}} in its
   *     arguments (and {@code MODEL} in its environment) standing for the model's name
   * @param every between two hooks' starts, in the plan's model order
   * @param concurrency hooks running at once, at most
   * @param createdUs nullable: when each model was created (epoch µs), from a file; null with a
   *     hook, or when every model exists at the run's start
   */
  public record Create(
      List<String> hook, Duration every, int concurrency, Map<String, Long> createdUs) {
    public Create {
      hook = hook == null ? null : List.copyOf(hook);
      createdUs = createdUs == null ? null : Map.copyOf(createdUs);
    }

    /** Every model exists when the run starts. */
    public static final Create AT_START = new Create(null, Duration.ZERO, 1, null);
  }

  @Override
  public List<Stage> timeline() {
    return List.of(new Stage(STAGE, timeout, 0, null, null));
  }
}
