package io.broadside.common.summary;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.plan.Bisect;
import io.broadside.common.plan.Feedback;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The choices of a bisection and of a feedback loop, played against known systems. */
class AdaptiveSearchTest {
  private static final Duration S = Duration.ofSeconds(1);

  /** Runs a bisection against a system that holds up to {@code edge} users. */
  private static List<Summary.SearchStep> bisect(Bisect b, IntPredicate holds) {
    List<Summary.SearchStep> steps = new ArrayList<>();
    for (int users = b.from(); users > 0; users = BisectSearch.next(b, steps)) {
      assertThat(steps.size()).isLessThan(b.maxSteps());
      steps.add(
          new Summary.SearchStep(
              "step-" + (steps.size() + 1), users, null, 0, 0, holds.test(users)));
    }
    return steps;
  }

  @Test
  void aBisectionFindsTheEdgeToItsPrecision() {
    Bisect b = new Bisect(4, 256, 1, S, S);
    for (int edge : new int[] {1, 3, 4, 5, 8, 37, 100, 255}) {
      List<Summary.SearchStep> steps = bisect(b, u -> u <= edge);
      Summary.Saturation found =
          BisectSearch.finding(b, steps, java.util.Map.of(), java.util.Map.of());
      assertThat(found.heldLevel()).as("edge %d", edge).isEqualTo(edge);
      assertThat(found.failedLevel()).as("edge %d", edge).isEqualTo(edge + 1);
    }
    assertThat(bisect(b, u -> u <= 8).stream().map(Summary.SearchStep::users))
        .containsExactly(4, 8, 16, 12, 10, 9);
  }

  @Test
  void aBisectionReportsWhenEvenOneUserBreaksOrMaxHolds() {
    Bisect b = new Bisect(4, 64, 2, S, S);
    List<Summary.SearchStep> none = bisect(b, u -> false);
    assertThat(none.stream().map(Summary.SearchStep::users)).containsExactly(4, 2, 1);
    Summary.Saturation broke =
        BisectSearch.finding(b, none, java.util.Map.of(), java.util.Map.of());
    assertThat(broke.heldLevel()).isNull();
    assertThat(broke.verdict()).startsWith("even 1 user broke");
    List<Summary.SearchStep> all = bisect(b, u -> true);
    assertThat(all.stream().map(Summary.SearchStep::users)).containsExactly(4, 8, 16, 32, 64);
    assertThat(BisectSearch.finding(b, all, java.util.Map.of(), java.util.Map.of()).verdict())
        .isEqualTo("every level held, up to 64 users: the limit lies beyond the search");
  }

  private static Feedback feedback(double target, double tolerance, int from, int steps) {
    return new Feedback(
        URI.create("http://127.0.0.1:9090"),
        "q[${duration}]",
        target,
        tolerance,
        from,
        1,
        200,
        S,
        S,
        steps,
        2);
  }

  /** Runs a feedback loop against a system whose value is {@code value(users)}. */
  private static List<Summary.SearchStep> loop(Feedback f, IntToDoubleFunction value) {
    List<Summary.SearchStep> steps = new ArrayList<>();
    for (int users = f.from(); users > 0; users = FeedbackControl.next(f, steps)) {
      double v = value.applyAsDouble(users);
      steps.add(
          new Summary.SearchStep(
              "step-" + (steps.size() + 1), users, v, 0, 0, FeedbackControl.holds(f, v)));
    }
    return steps;
  }

  @Test
  void aFeedbackLoopSettlesOnASaturatingCurve() {
    // utilization 100·(1 − e^(−u/20)): 80% at about 32 users
    Feedback f = feedback(80, 3, 2, 12);
    List<Summary.SearchStep> steps = loop(f, u -> 100 * (1 - Math.exp(-u / 20.0)));
    Summary.Search s = FeedbackControl.search(f, steps, true);
    assertThat(s.chosen().users()).isBetween(30, 35);
    assertThat(s.chosen().held()).isTrue();
    assertThat(steps.size()).isLessThan(12);
    assertThat(s.verdict()).startsWith("held q[1s] at ");
  }

  @Test
  void aFeedbackLoopStopsWhenOneUserCrossesTheBandOrAtItsBounds() {
    // each user adds 30: 60 ± 5 lies between two whole user counts except 2
    Feedback f = feedback(75, 5, 1, 12);
    List<Summary.SearchStep> steps = loop(f, u -> 30.0 * u);
    Summary.Search s = FeedbackControl.search(f, steps, true);
    assertThat(s.chosen().held()).isFalse();
    assertThat(s.verdict()).startsWith("did not hold 75.00 ± 5.000; closest:");
    // a target past what max users reach ends at max
    Feedback far = feedback(99, 0.5, 100, 12);
    List<Summary.SearchStep> capped = loop(far, u -> 50);
    assertThat(capped.get(capped.size() - 1).users()).isEqualTo(200);
  }
}
