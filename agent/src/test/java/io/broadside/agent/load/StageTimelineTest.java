package io.broadside.agent.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.plan.AdaptiveSteps;
import io.broadside.common.plan.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Levels along a timeline: ramps, and the levels an adaptive run sets as it goes. */
class StageTimelineTest {
  private static final long S = 1_000_000_000L;

  @Test
  void aRampRisesLinearlyFromThePreviousLevel() {
    StageTimeline t =
        new StageTimeline(
            List.of(
                new Stage("a", Duration.ofSeconds(2), 4, null, null),
                new Stage("b", Duration.ofSeconds(4), 12, null, Duration.ofSeconds(2))));
    assertThat(t.levelAt(S)).isEqualTo(4);
    assertThat(t.levelAt(3 * S)).isEqualTo(8);
    assertThat(t.levelAt(5 * S)).isEqualTo(12);
    assertThat(t.levelAt(6 * S)).isZero();
  }

  @Test
  void adaptiveStepsHoldTheLevelBeforeThemUntilOneIsSet() {
    StageTimeline shared =
        new StageTimeline(
            AdaptiveSteps.timeline(3, 4, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    StageTimeline lane = shared.copy();
    // step-1's lead-in has the first level; every later stage holds it
    assertThat(lane.levelAt(0)).isEqualTo(4);
    assertThat(lane.levelAt(7 * S)).isEqualTo(4);
    // the coordinator chose 16 users for step 2 (lead-in index 2): from there on
    lane.setLevel(AdaptiveSteps.leadInIndex(2), 16);
    assertThat(lane.levelAt(2 * S)).isEqualTo(4);
    assertThat(lane.levelAt(3 * S)).isEqualTo(16);
    assertThat(lane.levelAt(5 * S)).isEqualTo(16);
    assertThat(lane.levelAt(7 * S)).isEqualTo(16);
    lane.setLevel(AdaptiveSteps.leadInIndex(3), 10);
    assertThat(lane.levelAt(5 * S)).isEqualTo(16);
    assertThat(lane.levelAt(7 * S)).isEqualTo(10);
    // a copy keeps what was set; the shared timeline is untouched
    assertThat(lane.copy().levelAt(7 * S)).isEqualTo(10);
    assertThat(shared.levelAt(7 * S)).isEqualTo(4);
  }
}
