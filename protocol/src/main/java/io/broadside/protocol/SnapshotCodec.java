package io.broadside.protocol;

import com.google.protobuf.ByteString;
import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.summary.RunAggregate;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.SeriesInterval;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.StageWindow;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/** Maps snapshot messages to and from histograms and the run aggregate of {@code common}. */
public final class SnapshotCodec {
  private SnapshotCodec() {}

  /** One series' interval histogram, with its exact count, sum and max in microseconds. */
  public static SeriesInterval series(
      String stage,
      String model,
      LatencyMetric metric,
      Histogram interval,
      long sumUs,
      long maxUs) {
    return SeriesInterval.newBuilder()
        .setStage(stage)
        .setModel(model)
        .setMetric(metric.key())
        .setHistogram(ByteString.copyFrom(Histograms.encode(interval)))
        .setCount(interval.getTotalCount())
        .setSumUs(sumUs)
        .setMaxUs(maxUs)
        .build();
  }

  public static Histogram histogram(SeriesInterval series) {
    return Histograms.decode(series.getHistogram().toByteArray());
  }

  /**
   * Merges a snapshot into the aggregate exactly. {@code intervalSink} sees each decoded series
   * (for the histogram log); unknown metric names are skipped (a newer agent's series).
   */
  public static void mergeInto(
      Snapshot snapshot, RunAggregate aggregate, Consumer<DecodedSeries> intervalSink) {
    for (SeriesInterval s : snapshot.getSeriesList()) {
      LatencyMetric metric = LatencyMetric.byKey(s.getMetric()).orElse(null);
      if (metric == null) {
        continue;
      }
      Histogram h = histogram(s);
      aggregate
          .cell(s.getStage(), s.getModel())
          .addLatency(metric, h, s.getCount(), s.getSumUs(), s.getMaxUs());
      intervalSink.accept(new DecodedSeries(s.getStage(), s.getModel(), metric, h));
    }
    for (CounterDelta c : snapshot.getCountersList()) {
      aggregate.cell(c.getStage(), c.getModel()).addCounter(c.getName(), c.getDelta());
    }
    for (StageWindow w : snapshot.getWindowsList()) {
      aggregate
          .cell(w.getStage(), w.getModel())
          .widenWindow(w.getFirstDispatchUs(), w.getLastCompletionUs());
    }
  }

  /** A decoded series of one snapshot. */
  public record DecodedSeries(
      String stage, String model, LatencyMetric metric, Histogram histogram) {}
}
