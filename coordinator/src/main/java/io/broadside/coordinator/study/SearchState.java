package io.broadside.coordinator.study;

import io.broadside.common.plan.AdaptiveSteps;
import io.broadside.common.plan.Capacity;
import io.broadside.common.summary.Summary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An adaptive run's search so far: the steps judged, the limits each broke (bisect), and whether
 * the search is over. Written by its {@link AdaptiveDriver}, read by its study's summary.
 */
final class SearchState {
  private final List<Summary.SearchStep> steps = new ArrayList<>();
  private final Map<String, List<String>> broken = new LinkedHashMap<>();
  private boolean over;

  /** A step was judged; {@code brokenLimits} lists the limits it broke (bisect). */
  void record(Summary.SearchStep step, List<String> brokenLimits) {
    steps.add(step);
    if (!brokenLimits.isEmpty()) {
      broken.put(step.stage(), List.copyOf(brokenLimits));
    }
  }

  /** The search found what it looked for, or ran out of steps. */
  void end() {
    over = true;
  }

  boolean over() {
    return over;
  }

  List<Summary.SearchStep> steps() {
    return List.copyOf(steps);
  }

  Map<String, List<String>> broken() {
    return broken;
  }

  /**
   * {@code merged} with only the steps the run reached: those judged, and the one under way (and a
   * capacity search's mix); the steps it never reached are left out.
   */
  Summary reached(Summary merged) {
    int reached = steps.size() + (over ? 0 : 1);
    Set<String> keep = new HashSet<>();
    for (int n = 1; n <= reached; n++) {
      keep.add(AdaptiveSteps.step(n));
    }
    keep.add(Capacity.MIX);
    return new Summary(
        merged.run(),
        merged.status(),
        merged.stages().stream().filter(st -> keep.contains(st.name())).toList(),
        merged.generator(),
        merged.sweep(),
        merged.saturation(),
        merged.rounds(),
        merged.search(),
        merged.scale(),
        merged.failures());
  }

  /**
   * The judged steps with their throughput as {@code merged} has it now: requests still in flight
   * when a step was judged have completed since.
   */
  List<Summary.SearchStep> summarized(Summary merged) {
    Map<String, Summary.Stage> rows = new HashMap<>();
    merged.stages().forEach(st -> rows.put(st.name(), st));
    return steps.stream()
        .map(
            step -> {
              Summary.Stage st = rows.get(step.stage());
              return st == null
                  ? step
                  : new Summary.SearchStep(
                      step.stage(),
                      step.users(),
                      step.value(),
                      st.all().throughput().requestsPerS(),
                      st.all().throughput().outputTokensPerS(),
                      step.held(),
                      step.models());
            })
        .toList();
  }
}
