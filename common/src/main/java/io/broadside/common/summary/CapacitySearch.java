package io.broadside.common.summary;

import io.broadside.common.plan.Capacity;
import java.util.List;
import java.util.Locale;

/**
 * The finding of a capacity search ({@link Capacity}) from its judged steps: step n spread the
 * users over the first n models; it held when memory stayed under the limit and no model already
 * loaded was seen cold again. Pure.
 */
public final class CapacitySearch {
  private CapacitySearch() {}

  /** Whether a step that did not hold broke on memory (else: an unload). */
  static boolean memoryFull(Capacity c, Summary.SearchStep step) {
    return c.limit() != null && step.value() != null && step.value() >= c.limit();
  }

  /** How many models fit, or -1 while the search goes on. */
  public static int fit(Capacity c, List<Summary.SearchStep> judged) {
    if (judged.isEmpty()) {
      return -1;
    }
    Summary.SearchStep last = judged.get(judged.size() - 1);
    if (!last.held()) {
      return memoryFull(c, last) ? last.models() : last.models() - 1;
    }
    return last.models() >= c.maxModels() ? last.models() : -1;
  }

  /** The steps as the summary lists them, the step of the models that fit chosen. */
  public static Summary.Search search(
      Capacity c, List<Summary.SearchStep> judged, List<String> modelNames) {
    int fit = fit(c, judged);
    Summary.SearchStep chosen =
        judged.stream().filter(s -> s.models() == fit && s.held()).findFirst().orElse(null);
    if (chosen == null && fit > 0) {
      chosen = judged.stream().filter(s -> s.models() == fit).findFirst().orElse(null);
    }
    String verdict;
    if (fit < 0) {
      verdict =
          judged.isEmpty()
              ? "no step has been measured yet"
              : "searching: " + judged.get(judged.size() - 1).models() + " models loaded";
    } else {
      Summary.SearchStep last = judged.get(judged.size() - 1);
      String reading =
          last.value() == null
              ? ""
              : String.format(Locale.ROOT, " (memory read %.4g)", last.value());
      if (last.held()) {
        verdict = "all " + fit + " models fit" + reading;
      } else if (memoryFull(c, last)) {
        verdict =
            String.format(
                Locale.ROOT,
                "%d models fit: memory read %.4g, at or over the limit %.4g, with %d loaded",
                fit,
                last.value(),
                c.limit(),
                last.models());
      } else {
        verdict =
            fit
                + " models fit: adding "
                + modelNames.get(last.models() - 1)
                + " unloaded a model already loaded (it answered cold again)"
                + reading;
      }
      verdict += "; then a random mix over them (stage " + Capacity.MIX + ")";
    }
    return new Summary.Search("capacity", List.copyOf(judged), chosen, verdict);
  }
}
