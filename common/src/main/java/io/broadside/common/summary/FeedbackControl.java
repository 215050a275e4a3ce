package io.broadside.common.summary;

import io.broadside.common.plan.Feedback;
import java.util.List;
import java.util.Locale;

/**
 * The choices of utilization-aware load ({@link Feedback}) from the steps judged so far. Assumes
 * the value grows with users (utilization does, until it saturates): before the target is bracketed
 * the users scale by target / value (at most ×4, ×2 from a value of 0); once a step below and one
 * above are known, the next is interpolated between them. Pure.
 */
public final class FeedbackControl {
  private FeedbackControl() {}

  /** Whether a value is within the target's tolerance. */
  public static boolean holds(Feedback f, double value) {
    return Math.abs(value - f.target()) <= f.tolerance();
  }

  /** The users of the next step, or -1 when the search is over. */
  public static int next(Feedback f, List<Summary.SearchStep> judged) {
    if (judged.isEmpty()) {
      return f.from();
    }
    if (judged.size() >= f.steps() || settled(f, judged)) {
      return -1;
    }
    Summary.SearchStep last = judged.get(judged.size() - 1);
    if (last.held()) {
      return last.users();
    }
    Summary.SearchStep below = null;
    Summary.SearchStep above = null;
    for (Summary.SearchStep s : judged) {
      if (s.value() < f.target() && (below == null || s.users() > below.users())) {
        below = s;
      }
      if (s.value() > f.target() && (above == null || s.users() < above.users())) {
        above = s;
      }
    }
    int users;
    if (below != null && above != null && above.users() > below.users()) {
      if (above.users() - below.users() <= 1) {
        return -1; // one user more or less crosses the whole tolerance band
      }
      double slope = (above.value() - below.value()) / (above.users() - below.users());
      users = (int) Math.round(below.users() + (f.target() - below.value()) / slope);
      users = Math.max(below.users() + 1, Math.min(above.users() - 1, users));
    } else if (last.value() <= 0) {
      users = 2 * last.users();
    } else {
      double scaled = last.users() * f.target() / last.value();
      users = (int) Math.round(Math.max(last.users() / 4.0, Math.min(4.0 * last.users(), scaled)));
    }
    if (users == last.users()) {
      users += last.value() < f.target() ? 1 : -1; // the scaling rounded back to the same users
    }
    users = Math.max(f.min(), Math.min(f.max(), users));
    return users == last.users() ? -1 : users; // pinned at min or max
  }

  /** The last {@code hold} steps held, at the same users. */
  private static boolean settled(Feedback f, List<Summary.SearchStep> judged) {
    if (judged.size() < f.hold()) {
      return false;
    }
    List<Summary.SearchStep> tail = judged.subList(judged.size() - f.hold(), judged.size());
    int users = tail.get(0).users();
    return tail.stream().allMatch(s -> s.held() && s.users() == users);
  }

  /** The steps as the summary lists them, with the step settled on and the verdict. */
  public static Summary.Search search(Feedback f, List<Summary.SearchStep> judged, boolean over) {
    Summary.SearchStep heldLast = null;
    Summary.SearchStep closest = null;
    for (Summary.SearchStep s : judged) {
      if (s.held()) {
        heldLast = s;
      }
      if (closest == null
          || Math.abs(s.value() - f.target()) < Math.abs(closest.value() - f.target())) {
        closest = s;
      }
    }
    String verdict;
    if (judged.isEmpty()) {
      verdict = "no step has been measured yet";
    } else if (heldLast != null && (settled(f, judged) || over)) {
      verdict =
          String.format(
              Locale.ROOT,
              "held %s at %.4g (target %.4g ± %.4g) with %d users: %.4g requests/s, %.4g output"
                  + " tokens/s",
              f.queryText(),
              heldLast.value(),
              f.target(),
              f.tolerance(),
              heldLast.users(),
              heldLast.requestsPerS(),
              heldLast.outputTokensPerS());
    } else if (over) {
      verdict =
          String.format(
              Locale.ROOT,
              "did not hold %.4g ± %.4g; closest: %.4g with %d users",
              f.target(),
              f.tolerance(),
              closest.value(),
              closest.users());
    } else {
      verdict =
          "searching: step " + judged.size() + " read " + judged.get(judged.size() - 1).value();
    }
    return new Summary.Search(
        "feedback", List.copyOf(judged), heldLast != null ? heldLast : closest, verdict);
  }
}
