package io.broadside.common.summary;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.histogram.Histograms;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** No percentile in a summary exceeds the max. */
class LatencyStatsTest {
  @Test
  void aPercentileInTheMaxsBucketIsTheMaxNotTheBucketsTop() {
    Histogram h = Histograms.newHistogram();
    h.recordValue(100_000);
    h.recordValue(173_496);
    // HdrHistogram's answer is the bucket's highest equivalent value, above what was recorded
    assertThat(h.getValueAtPercentile(99)).isGreaterThan(173_496);

    LatencyStats s = LatencyStats.of(h, 2, 273_496, 173_496);

    assertThat(s.p99()).isEqualTo(0.173496);
    assertThat(s.p999()).isEqualTo(s.max());
    assertThat(s.p50()).isEqualTo(h.getValueAtPercentile(50) / 1e6);
  }
}
