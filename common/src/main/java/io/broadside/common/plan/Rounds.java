package io.broadside.common.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-model rounds (closed loop): every model of the plan queried at once by {@code users} users
 * each for {@code duration} (stage {@code concurrent}), then each model alone by {@code users}
 * users, one after the other (stages {@code alone-<model>}), as the baseline; each after an
 * optional warmup. The summary compares each model's concurrent figures with its own alone.
 *
 * @param models the plan's models, in order
 */
public record Rounds(
    List<String> models,
    int users,
    Duration duration,
    Duration warmup,
    boolean concurrent,
    boolean sequential)
    implements LoadShape {
  @Override
  public <R> R match(LoadShape.Cases<R> cases) {
    return cases.rounds(this);
  }

  public static final String CONCURRENT = "concurrent";
  public static final String ALONE = "alone-";

  public Rounds {
    models = List.copyOf(models);
  }

  @Override
  public List<Stage> timeline() {
    List<Stage> out = new ArrayList<>();
    if (concurrent) {
      add(out, CONCURRENT, users * models.size(), null);
    }
    if (sequential) {
      for (String m : models) {
        add(out, ALONE + m, users, m);
      }
    }
    return out;
  }

  private void add(List<Stage> out, String name, int stageUsers, String model) {
    if (!warmup.isZero()) {
      out.add(new Stage(name + "-warmup", warmup, stageUsers, null, null, false, model));
    }
    out.add(new Stage(name, duration, stageUsers, null, null, true, model));
  }
}
