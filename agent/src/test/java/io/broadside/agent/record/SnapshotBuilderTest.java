package io.broadside.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.protocol.v1.Snapshot;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The agent's snapshot builder keeps a bounded set of accumulators over a long run: an hour of
 * intervals, each keyed by its own intended start, reuses one interval's worth (a histogram of the
 * standard shape is 189 KiB; one more set per interval was a leak a soak found).
 */
class SnapshotBuilderTest {
  @Test
  void anHourOfIntervalsReusesOneIntervalsAccumulators() {
    SnapshotBuilder builder = new SnapshotBuilder();
    Histogram h = Histograms.newHistogram();
    h.recordValue(1_000);
    for (long second = 0; second < 3_600; second++) {
      long intendedStartUs = 1_700_000_000_000_000L + second * 1_000_000;
      LaneInterval lane =
          new LaneInterval(
              List.of(
                  new LaneInterval.Series(
                      "s", "m", "", LatencyMetric.E2E, h, 1_000, 1_000, intendedStartUs),
                  new LaneInterval.Series(
                      "s", "m", "", LatencyMetric.TTFT, h, 1_000, 1_000, intendedStartUs)),
              List.of(),
              List.of(),
              0,
              List.of(),
              "",
              0,
              0);
      Snapshot s = builder.build(List.of(lane, lane)).build();
      assertThat(s.getSeriesList()).hasSize(2);
      assertThat(s.getSeries(0).getCount()).isEqualTo(2);
    }
    assertThat(builder.accumulators()).isEqualTo(2);
  }
}
