package io.broadside.common.plan;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Utilization-aware load: closed-loop users adjusted step by step so that a PromQL value (GPU
 * utilization from DCGM, say) holds at {@code target} within {@code tolerance}. After each step the
 * coordinator evaluates {@code query} on {@code prometheus} at the step's end and chooses the next
 * step's users; the search ends when {@code hold} steps in a row held at the same users, or after
 * {@code steps} steps.
 *
 * @param query PromQL; {@code ${duration}} stands for the step's duration (e.g. {@code 10s}), for
 *     range selectors over the measured step alone
 */
public record Feedback(
    URI prometheus,
    String query,
    double target,
    double tolerance,
    int from,
    int min,
    int max,
    Duration duration,
    Duration warmup,
    int steps,
    int hold)
    implements LoadShape {
  @Override
  public <R> R match(LoadShape.Cases<R> cases) {
    return cases.feedback(this);
  }

  @Override
  public List<Stage> timeline() {
    return AdaptiveSteps.timeline(steps, from, duration, warmup);
  }

  /** The query as sent: {@code ${duration}} replaced by the step's duration in seconds. */
  public String queryText() {
    long ms = duration.toMillis();
    String range = ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    return query.replace("${duration}", range);
  }
}
