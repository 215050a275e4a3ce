package io.broadside.common.summary;

import io.broadside.common.plan.Bisect;
import java.util.List;
import java.util.Map;

/**
 * The choices of a saturation search by bisection ({@link Bisect}), from the steps judged so far.
 * Pure: the coordinator asks after each step, and the summary is read off the same steps.
 */
public final class BisectSearch {
  private BisectSearch() {}

  /**
   * The users of the next step, or -1 when the search is over: the highest level that held and the
   * lowest that broke are at most {@code precision} apart, or {@code max} held, or even 1 broke.
   */
  public static int next(Bisect b, List<Summary.SearchStep> judged) {
    int held = highestHeld(judged);
    int broke = lowestBroken(judged);
    if (broke == Integer.MAX_VALUE) {
      if (held >= b.max()) {
        return -1;
      }
      return held == 0 ? b.from() : (int) Math.min(b.max(), 2L * held);
    }
    // with nothing held yet, go down to 1 user: that even one breaks is a finding of its own
    if (broke <= 1 || (held > 0 && broke - held <= b.precision())) {
      return -1;
    }
    return held + (broke - held) / 2;
  }

  /** The highest level that held, 0 when none did. */
  static int highestHeld(List<Summary.SearchStep> judged) {
    return judged.stream()
        .filter(Summary.SearchStep::held)
        .mapToInt(Summary.SearchStep::users)
        .max()
        .orElse(0);
  }

  /** The lowest level that broke, {@link Integer#MAX_VALUE} when none did. */
  static int lowestBroken(List<Summary.SearchStep> judged) {
    return judged.stream()
        .filter(s -> !s.held())
        .mapToInt(Summary.SearchStep::users)
        .min()
        .orElse(Integer.MAX_VALUE);
  }

  /**
   * What the search found so far, as a stepwise search reports it.
   *
   * @param broken per step, the limits it broke
   * @param firstErrors per stage, its first failed request
   */
  public static Summary.Saturation finding(
      Bisect b,
      List<Summary.SearchStep> judged,
      Map<String, List<String>> broken,
      Map<String, Summary.FirstError> firstErrors) {
    Summary.SearchStep held = null;
    Summary.SearchStep failed = null;
    for (Summary.SearchStep s : judged) {
      if (s.held() && (held == null || s.users() > held.users())) {
        held = s;
      }
      if (!s.held() && (failed == null || s.users() < failed.users())) {
        failed = s;
      }
    }
    boolean over = next(b, judged) < 0;
    String verdict;
    if (judged.isEmpty()) {
      verdict = "no level has been measured yet";
    } else if (failed == null) {
      verdict =
          over
              ? "every level held, up to "
                  + users(held.users())
                  + ": the limit lies beyond the search"
              : users(held.users()) + " held so far";
    } else {
      List<String> why = broken.getOrDefault(failed.stage(), List.of());
      Summary.FirstError first = firstErrors.get(failed.stage());
      verdict =
          (held == null
                  ? "even " + users(failed.users()) + " broke"
                  : users(held.users()) + " held; " + failed.users() + " broke")
              + (over ? "" : " (searching)")
              + (why.isEmpty() ? "" : ": " + String.join(", ", why))
              + (first == null
                  ? ""
                  : "; first failed request: " + first.errorClass() + " " + first.detail());
    }
    return new Summary.Saturation(
        held == null ? null : held.stage(),
        held == null ? null : (double) held.users(),
        failed == null ? null : failed.stage(),
        failed == null ? null : (double) failed.users(),
        failed == null ? List.of() : broken.getOrDefault(failed.stage(), List.of()),
        failed == null ? null : firstErrors.get(failed.stage()),
        verdict);
  }

  private static String users(int n) {
    return n == 1 ? "1 user" : n + " users";
  }

  /** The steps as the summary lists them, the highest level that held chosen. */
  public static Summary.Search search(Bisect b, List<Summary.SearchStep> judged, String verdict) {
    Summary.SearchStep chosen =
        judged.stream()
            .filter(Summary.SearchStep::held)
            .max(java.util.Comparator.comparingInt(Summary.SearchStep::users))
            .orElse(null);
    return new Summary.Search("bisect", List.copyOf(judged), chosen, verdict);
  }
}
