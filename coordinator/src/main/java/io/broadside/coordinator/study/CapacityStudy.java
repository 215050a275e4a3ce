package io.broadside.coordinator.study;

import io.broadside.common.metric.Counter;
import io.broadside.common.plan.AdaptiveSteps;
import io.broadside.common.plan.Capacity;
import io.broadside.common.summary.CapacitySearch;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.Study;
import io.broadside.coordinator.run.StudyContext;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * The capacity of a multi-model endpoint: copies are added one by one (each step spreads the users
 * over the copies loaded so far) until memory reaches its limit or a copy that answered warm
 * answers cold again (it was unloaded); then a random mix over the copies that fit.
 */
final class CapacityStudy implements Study, AdaptiveDriver.Judge {
  private final Capacity capacity;
  private final SearchState state = new SearchState();
  private StudyContext context;
  private AdaptiveDriver driver;

  /** The models that have answered warm in an earlier step. */
  private boolean[] warm;

  CapacityStudy(Capacity capacity) {
    this.capacity = capacity;
  }

  @Override
  public String hookPath() {
    return capacity.hook() != null ? "$.load.capacity.memory.hook" : null;
  }

  @Override
  public void start(StudyContext context) {
    this.context = context;
    this.warm = new boolean[context.run().modelNames().size()];
    driver =
        new AdaptiveDriver(
            context,
            state,
            capacity.step(),
            capacity.warmup(),
            capacity.maxModels(),
            capacity.users());
    driver.start(this);
  }

  @Override
  public void judge(int n, String stage, long endUs, Summary.Stage row) {
    double rps = AdaptiveDriver.requestsPerS(row);
    double tps = AdaptiveDriver.tokensPerS(row);
    memory(endUs)
        .onComplete(
            ar -> {
              if (!driver.live()) {
                return;
              }
              if (ar.failed()) {
                driver.fail("memory reading failed at " + stage + ": " + ar.cause().getMessage());
                return;
              }
              judge(n, stage, ar.result(), rps, tps);
            });
  }

  /** The memory reading at {@code atUs}: a query, a hook's output, or null without either. */
  private Future<Double> memory(long atUs) {
    if (capacity.query() != null) {
      return context.prometheus().value(capacity.prometheus(), capacity.query(), atUs / 1e6);
    }
    if (capacity.hook() == null) {
      return Future.succeededFuture(null);
    }
    return context
        .workers()
        .blocking(
            () -> {
              Commands.Result r = Commands.run(capacity.hook(), Map.of());
              if (r.failure() != null) {
                throw new IllegalStateException("the memory hook " + r.failure());
              }
              String first = r.output().isBlank() ? "" : r.output().strip().split("\\s+")[0];
              try {
                return Double.parseDouble(first);
              } catch (NumberFormatException e) {
                throw new IllegalStateException(
                    "the memory hook must print a number, printed '" + r.output() + "'");
              }
            });
  }

  /**
   * Step {@code n} spread the users over the first n models: it held if memory stayed under the
   * limit and no model that had answered warm before answered cold again (it was unloaded).
   */
  private void judge(int n, String stage, Double memory, double rps, double tps) {
    Run run = context.run();
    List<String> names = run.modelNames();
    boolean unloaded = false;
    for (int i = 0; i < n && i < names.size(); i++) {
      long cold = stepCount(n, stage, names.get(i), Counter.COLD_STARTS);
      unloaded |= warm[i] && cold > 0;
      warm[i] |= stepCount(n, stage, names.get(i), Counter.OK) > cold;
    }
    boolean full = capacity.limit() != null && memory != null && memory >= capacity.limit();
    driver.record(
        new Summary.SearchStep(stage, driver.users(), memory, rps, tps, !full && !unloaded, n),
        List.of());
    int fit = CapacitySearch.fit(capacity, state.steps());
    if (fit < 0) {
      driver.widen(n, n + 1);
      return;
    }
    // the search is over: a random mix over the models that fit, from now (or next, at the end)
    long jumpUs = n >= driver.maxSteps() ? 0 : context.time().nowUs() + 200_000;
    run.agents().setLevel(capacity.mixIndex(), capacity.mixUsers(), fit, jumpUs);
    driver.endSearch();
  }

  /** A counter of {@code model} over step {@code n}: its lead-in and its measured stage. */
  private long stepCount(int n, String stage, String model, String counter) {
    Run run = context.run();
    return run.counter(AdaptiveSteps.leadIn(n), model, counter)
        + run.counter(stage, model, counter);
  }

  @Override
  public Summary summarize(Summary merged, Run run) {
    return state
        .reached(merged)
        .withSearch(CapacitySearch.search(capacity, state.summarized(merged), run.modelNames()));
  }
}
