package io.broadside.common.plan;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A multi-model endpoint's capacity (the SageMaker study): model copies are added one by one, in
 * the plan's order, each step spreading {@code users} over the models loaded so far (so the new one
 * is loaded and the others stay in use), until memory reaches {@code limit} (a PromQL query on a
 * Prometheus server, or a command that prints the reading) or a model already loaded is seen cold
 * again (the endpoint unloaded it to make room). The models that fit are then load-tested as a
 * random mix by {@code mixUsers} for {@code mixDuration} (stage {@code mix}).
 *
 * @param prometheus nullable (with a hook instead): where {@code query} is evaluated
 * @param query nullable: PromQL giving the memory reading, e.g. used / total
 * @param hook nullable: a command printing the memory reading as a number; runs on the coordinator,
 *     only when it was started with {@code --allow-hooks}
 * @param limit the reading at which memory counts as full; null: only an unload ends the search
 */
public record Capacity(
    int users,
    Duration step,
    Duration warmup,
    URI prometheus,
    String query,
    List<String> hook,
    Double limit,
    int mixUsers,
    Duration mixDuration,
    int maxModels)
    implements LoadShape {
  @Override
  public <R> R match(LoadShape.Cases<R> cases) {
    return cases.capacity(this);
  }

  /** The stage of the random mix over the models that fit. */
  public static final String MIX = "mix";

  public Capacity {
    hook = hook == null ? null : List.copyOf(hook);
  }

  @Override
  public List<Stage> timeline() {
    List<Stage> out =
        new java.util.ArrayList<>(AdaptiveSteps.timeline(maxModels, users, step, warmup));
    out.add(new Stage(MIX, mixDuration, mixUsers, null, null));
    return out;
  }

  /** The timeline index of the mix stage. */
  public int mixIndex() {
    return 2 * maxModels;
  }
}
