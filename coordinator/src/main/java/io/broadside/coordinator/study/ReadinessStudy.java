package io.broadside.coordinator.study;

import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.plan.Model;
import io.broadside.common.plan.Scale;
import io.broadside.common.summary.ScaleStudy;
import io.broadside.common.summary.ScaleStudy.ModelTimes;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.Study;
import io.broadside.coordinator.run.StudyContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A many-model scale study: when each model was created (from a file, the run's start, or the
 * creation hook the coordinator runs) and when an agent first saw it ready; the summary has the
 * time to ready of every model and their six-number summary.
 */
final class ReadinessStudy implements Study {
  private final Scale scale;

  /** When each model was created and became ready (epoch µs), and hook failures. */
  private final Map<String, Long> createdUs = new HashMap<>();

  private final Map<String, Long> readyUs = new HashMap<>();
  private final Map<String, String> createErrors = new HashMap<>();
  private StudyContext context;

  ReadinessStudy(Scale scale) {
    this.scale = scale;
  }

  @Override
  public String hookPath() {
    return scale.create().hook() != null ? "$.load.scale.create.hook" : null;
  }

  @Override
  public void start(StudyContext context) {
    this.context = context;
    if (scale.create().hook() != null) {
      HookRunner.start(context, scale.create(), this);
    }
  }

  /** {@code model}'s creation hook started now. */
  void created(String model, long atUs) {
    createdUs.put(model, atUs);
  }

  /**
   * {@code model}'s creation hook failed: it counts failed at once (no agent waits for it to be
   * ready). When every model has failed, the run fails saying so; when every model is ready or
   * failed, it completes.
   */
  void createFailed(String model, String why) {
    createErrors.put(model, why);
    settleWhenDone();
  }

  @Override
  public void modelReady(String model, long atUs) {
    readyUs.putIfAbsent(model, atUs);
    settleWhenDone();
  }

  private void settleWhenDone() {
    if (context == null) {
      return;
    }
    Run run = context.run();
    int models = run.plan().models().size();
    if (createErrors.size() == models) {
      Map.Entry<String, String> first =
          run.plan().models().stream()
              .map(m -> Map.entry(m.name(), createErrors.get(m.name())))
              .findFirst()
              .orElseThrow();
      context
          .fail()
          .accept(
              "every model's creation failed ("
                  + models
                  + "); the first, "
                  + first.getKey()
                  + ": "
                  + first.getValue());
      return;
    }
    long settled =
        run.plan().models().stream()
            .filter(m -> readyUs.containsKey(m.name()) || createErrors.containsKey(m.name()))
            .count();
    if (!createErrors.isEmpty() && settled == models) {
      run.completeEarly(
          "every model is ready or failed: "
              + readyUs.size()
              + " ready, "
              + createErrors.size()
              + " failed to be created");
    }
  }

  @Override
  public String progress() {
    int models = context == null ? 0 : context.run().plan().models().size();
    int created =
        scale.create().createdUs() != null
            ? scale.create().createdUs().size()
            : scale.create().hook() != null
                ? createdUs.size()
                : context != null && context.run().startUs() > 0 ? models : 0;
    return "models "
        + models
        + ": created "
        + created
        + ", ready "
        + readyUs.size()
        + ", failed "
        + createErrors.size();
  }

  @Override
  public Summary summarize(Summary merged, Run run) {
    List<ModelTimes> times = new ArrayList<>();
    Histogram e2e = Histograms.newHistogram();
    for (Model m : run.plan().models()) {
      Long created =
          scale.create().createdUs() != null
              ? scale.create().createdUs().get(m.name())
              : scale.create().hook() == null && run.startUs() > 0
                  ? Long.valueOf(run.startUs())
                  : createdUs.get(m.name());
      times.add(
          new ModelTimes(m.name(), created, readyUs.get(m.name()), createErrors.get(m.name())));
      var cell = run.aggregate().cellOrNull(Scale.STAGE, m.name());
      if (cell != null && cell.histogram(LatencyMetric.E2E) != null) {
        e2e.add(cell.histogram(LatencyMetric.E2E));
      }
    }
    return merged.withScale(ScaleStudy.summarize(times, run.startUs(), e2e, run.status().ended()));
  }
}
