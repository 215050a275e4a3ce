package io.broadside.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.summary.RunAggregate;
import io.broadside.protocol.v1.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.junit.jupiter.api.Test;

/**
 * The merge is exact: interval histograms recorded on several threads, encoded into snapshots and
 * merged by the coordinator's code equal one histogram fed the same values.
 */
class MergeExactnessTest {
  @Test
  void intervalsFromSeveralThreadsMergeToTheHistogramOfAllValues() throws Exception {
    int threads = 4;
    int intervals = 20;
    int perInterval = 5_000;
    List<SingleWriterRecorder> recorders = new ArrayList<>();
    ConcurrentLinkedQueue<Long> all = new ConcurrentLinkedQueue<>();
    for (int t = 0; t < threads; t++) {
      recorders.add(
          new SingleWriterRecorder(Histograms.LOWEST_US, Histograms.HIGHEST_US, Histograms.DIGITS));
    }
    RunAggregate aggregate = new RunAggregate();
    long sequence = 0;
    for (int i = 0; i < intervals; i++) {
      CountDownLatch done = new CountDownLatch(threads);
      for (int t = 0; t < threads; t++) {
        SingleWriterRecorder r = recorders.get(t);
        long seed = i * 1000L + t;
        new Thread(
                () -> {
                  Random random = new Random(seed);
                  for (int k = 0; k < perInterval; k++) {
                    long v = (long) Math.exp(8 + random.nextGaussian() * 2);
                    v = Math.min(v, Histograms.HIGHEST_US);
                    r.recordValue(v);
                    all.add(v);
                  }
                  done.countDown();
                })
            .start();
      }
      done.await();
      for (SingleWriterRecorder r : recorders) {
        Histogram interval = r.getIntervalHistogram();
        Snapshot s =
            Snapshot.newBuilder()
                .setSequence(++sequence)
                .addSeries(
                    SnapshotCodec.series(
                        "s", "m", LatencyMetric.E2E, interval, 0, interval.getMaxValue(), 0))
                .build();
        SnapshotCodec.mergeInto(
            SnapshotCodec.decode(Snapshot.parseFrom(s.toByteArray())), aggregate);
      }
    }
    Histogram reference = Histograms.newHistogram();
    all.forEach(reference::recordValue);
    Histogram merged = aggregate.cell("s", "m").histogram(LatencyMetric.E2E);
    assertThat(merged.getTotalCount()).isEqualTo((long) threads * intervals * perInterval);
    assertThat(merged).isEqualTo(reference);
    for (double p : new double[] {50, 90, 99, 99.9, 100}) {
      assertThat(merged.getValueAtPercentile(p)).isEqualTo(reference.getValueAtPercentile(p));
    }
  }
}
