package io.broadside.common.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The timeline of a run whose levels the coordinator chooses as it goes (a bisection, a feedback
 * loop, a capacity search): up to {@code count} steps, each a lead-in {@code step-<n>-warmup} (not
 * measured) and a measured {@code step-<n>} of {@code duration}. Only the first lead-in has a level
 * of its own; every later stage holds the level before it until the coordinator sets a new one,
 * which it does during the lead-in, so each measured step runs at the level chosen for it.
 */
public final class AdaptiveSteps {
  private AdaptiveSteps() {}

  public static List<Stage> timeline(
      int count, int firstUsers, Duration duration, Duration warmup) {
    List<Stage> out = new ArrayList<>(2 * count);
    for (int n = 1; n <= count; n++) {
      out.add(
          new Stage(
              leadIn(n), warmup, n == 1 ? Integer.valueOf(firstUsers) : null, null, null, false));
      out.add(new Stage(step(n), duration, null, null, null, true));
    }
    return out;
  }

  /** The measured stage of step {@code n}, counted from 1. */
  public static String step(int n) {
    return "step-" + n;
  }

  /** The lead-in of step {@code n}, counted from 1. */
  public static String leadIn(int n) {
    return "step-" + n + "-warmup";
  }

  /** The timeline index of step {@code n}'s lead-in: where a level chosen for it is set. */
  public static int leadInIndex(int n) {
    return 2 * (n - 1);
  }

  /** The end of step {@code n} as an offset from the run's start. */
  public static Duration stepEnd(int n, Duration duration, Duration warmup) {
    return duration.plus(warmup).multipliedBy(n);
  }
}
