package io.broadside.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.metric.Counter;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.time.MonoClock;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaneRecorderTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aLateCompletionCountsInTheIntervalItWasIntendedIn() {
    LaneRecorder recorder = new LaneRecorder(List.of("s"), List.of("m"));
    long origin = System.nanoTime();
    recorder.intervals(origin, SECOND);
    recorder.record(0, LatencyMetric.E2E, 2_500_000, origin + SECOND / 10);
    LaneInterval first = recorder.takeInterval(0);
    assertThat(first.series()).hasSize(1);
    assertThat(first.series().get(0).intendedStartUs()).isEqualTo(MonoClock.toEpochUs(origin));

    recorder.record(0, LatencyMetric.E2E, 1_000, origin + SECOND + SECOND / 5);
    recorder.record(0, LatencyMetric.E2E, 3_000_000, origin + SECOND * 3 / 10);
    LaneInterval second = recorder.takeInterval(0);
    assertThat(second.series())
        .extracting(
            LaneInterval.Series::intendedStartUs,
            s -> s.histogram().getTotalCount(),
            LaneInterval.Series::maxUs)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(MonoClock.toEpochUs(origin), 1L, 3_000_000L),
            org.assertj.core.groups.Tuple.tuple(MonoClock.toEpochUs(origin + SECOND), 1L, 1_000L));
  }

  @Test
  void takingResetsAndRecyclesWithoutLosingOrRepeatingAnything() {
    LaneRecorder recorder = new LaneRecorder(List.of("s"), List.of("m"));
    long origin = System.nanoTime();
    recorder.intervals(origin, SECOND);
    long total = 0;
    for (int take = 0; take < 50; take++) {
      for (int i = 0; i < 100; i++) {
        recorder.record(0, LatencyMetric.TTFT, 1 + i, origin + (take % 5) * SECOND);
        recorder.count(0, Counter.OK, 1);
      }
      LaneInterval interval = recorder.takeInterval(0);
      total += interval.series().stream().mapToLong(s -> s.histogram().getTotalCount()).sum();
      assertThat(interval.counts())
          .singleElement()
          .extracting(LaneInterval.Count::delta)
          .isEqualTo(100L);
    }
    assertThat(total).isEqualTo(5_000);
    assertThat(recorder.takeInterval(0).series()).isEmpty();
  }
}
