package io.broadside.common.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Levels of users (closed) or rate (open), each held for the same duration after an optional warmup
 * at the same level, each summarized on its own; the summary marks the knee, where throughput stops
 * growing with the level.
 *
 * @param levels one measured stage per level, in the plan's order ({@code users-8}, {@code
 *     rate-20})
 * @param warmup per level, sent at the level before it is measured and left out of the summary;
 *     zero for none
 */
public record Sweep(List<Stage> levels, Duration warmup) implements LoadShape {
  @Override
  public <R> R match(LoadShape.Cases<R> cases) {
    return cases.sweep(this);
  }

  public Sweep {
    levels = List.copyOf(levels);
  }

  @Override
  public List<Stage> timeline() {
    List<Stage> out = new ArrayList<>();
    for (Stage level : levels) {
      if (!warmup.isZero()) {
        out.add(
            new Stage(level.name() + "-warmup", warmup, level.users(), level.rate(), null, false));
      }
      out.add(level);
    }
    return out;
  }

  /** The level of a stage as a number: its users, or its rate per second. */
  public static double level(Stage stage) {
    return stage.users() != null ? stage.users() : stage.rate().perSecond();
  }
}
