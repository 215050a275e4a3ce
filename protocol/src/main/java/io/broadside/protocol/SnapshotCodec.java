package io.broadside.protocol;

import com.google.protobuf.ByteString;
import io.broadside.common.histogram.Histograms;
import io.broadside.common.histogram.HlogWriter;
import io.broadside.common.histogram.SparseCounts;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.summary.RunAggregate;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.SeriesInterval;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.StageWindow;
import java.util.ArrayList;
import java.util.List;
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
      long maxUs,
      long intendedStartUs) {
    return SeriesInterval.newBuilder()
        .setStage(stage)
        .setModel(model)
        .setMetric(metric.key())
        .setHistogram(ByteString.copyFrom(Histograms.encode(interval)))
        .setCount(interval.getTotalCount())
        .setSumUs(sumUs)
        .setMaxUs(maxUs)
        .setIntendedStartUs(intendedStartUs)
        .build();
  }

  /**
   * Decodes every series of a snapshot into its recorded buckets ({@link SparseCounts}: what is
   * merged costs a step per recorded bucket, never one per possible bucket). An inflate per series:
   * call it on a worker thread, then {@link #mergeInto} on the aggregate's own thread. Unknown
   * metric names (a newer agent's series) are skipped.
   */
  public static Decoded decode(Snapshot snapshot) {
    List<DecodedSeries> series = new ArrayList<>(snapshot.getSeriesCount());
    List<DecodedSeries> parts = new ArrayList<>(snapshot.getPartSeriesCount());
    try (SparseCounts.Decoder decoder = new SparseCounts.Decoder()) {
      decode(snapshot.getSeriesList(), decoder, series);
      decode(snapshot.getPartSeriesList(), decoder, parts);
    }
    return new Decoded(snapshot, series, parts);
  }

  private static void decode(
      List<SeriesInterval> wire, SparseCounts.Decoder decoder, List<DecodedSeries> into) {
    for (SeriesInterval s : wire) {
      LatencyMetric m = LatencyMetric.byKey(s.getMetric()).orElse(null);
      if (m != null) {
        into.add(
            new DecodedSeries(
                s.getStage(), s.getModel(), m, decoder.decode(s.getHistogram().toByteArray()), s));
      }
    }
  }

  /** Merges a decoded snapshot into the aggregate exactly (histograms added, counters summed). */
  public static void mergeInto(Decoded decoded, RunAggregate aggregate) {
    Snapshot snapshot = decoded.snapshot();
    for (DecodedSeries d : decoded.series()) {
      SeriesInterval s = d.wire();
      aggregate
          .cell(s.getStage(), s.getModel())
          .addLatency(d.metric(), d.counts(), s.getCount(), s.getSumUs(), s.getMaxUs());
    }
    for (CounterDelta c : snapshot.getCountersList()) {
      aggregate.cell(c.getStage(), c.getModel()).addCounter(c.getName(), c.getDelta());
    }
    for (StageWindow w : snapshot.getWindowsList()) {
      aggregate
          .cell(w.getStage(), w.getModel())
          .widenWindow(w.getFirstDispatchUs(), w.getLastCompletionUs());
    }
    // the parts kept apart, each exactly as its cell
    for (DecodedSeries d : decoded.parts()) {
      SeriesInterval s = d.wire();
      aggregate
          .part(s.getStage(), s.getModel(), s.getPart())
          .addLatency(d.metric(), d.counts(), s.getCount(), s.getSumUs(), s.getMaxUs());
    }
    for (CounterDelta c : snapshot.getPartCountersList()) {
      aggregate.part(c.getStage(), c.getModel(), c.getPart()).addCounter(c.getName(), c.getDelta());
    }
    for (StageWindow w : snapshot.getPartWindowsList()) {
      aggregate
          .part(w.getStage(), w.getModel(), w.getPart())
          .widenWindow(w.getFirstDispatchUs(), w.getLastCompletionUs());
    }
  }

  /**
   * The snapshot's lines for an HdrHistogram log whose start is {@code runStartUs}: one tagged line
   * per series, holding the agent's compressed bytes as sent.
   */
  public static String hlogLines(Snapshot s, long runStartUs) {
    StringBuilder lines = new StringBuilder();
    String lengthS = HlogWriter.seconds((s.getIntervalEndUs() - s.getIntervalStartUs()) / 1e6);
    long formattedFromUs = Long.MIN_VALUE;
    String startS = null;
    List<SeriesInterval> all = s.getSeriesList();
    if (s.getPartSeriesCount() > 0) {
      all = new ArrayList<>(all);
      all.addAll(s.getPartSeriesList());
    }
    for (SeriesInterval series : all) {
      // keyed by the interval the requests were intended in, when the agent says so
      long fromUs =
          series.getIntendedStartUs() > 0 ? series.getIntendedStartUs() : s.getIntervalStartUs();
      // the first interval starts at the run's start: a microsecond lost converting clocks must not
      // put it before the log's start time, where log readers leave it out
      if (fromUs != formattedFromUs) {
        // most series of a snapshot share their start: formatted once
        double relativeS = (fromUs - runStartUs) / 1e6;
        startS = HlogWriter.seconds(relativeS < 0 && relativeS > -0.001 ? 0 : relativeS);
        formattedFromUs = fromUs;
      }
      LatencyMetric m = LatencyMetric.byKey(series.getMetric()).orElse(null);
      if (m != null) {
        HlogWriter.appendLine(
            lines,
            series.getPart().isEmpty()
                ? HlogWriter.tag(m, series.getStage(), series.getModel())
                : HlogWriter.partTag(m, series.getPart(), series.getStage(), series.getModel()),
            startS,
            lengthS,
            series.getMaxUs(),
            series.getHistogram().toByteArray());
      }
    }
    return lines.toString();
  }

  /** A snapshot with its series decoded, and its parts' series ({@code wire().getPart()}). */
  public record Decoded(Snapshot snapshot, List<DecodedSeries> series, List<DecodedSeries> parts) {}

  /** A decoded series of one snapshot, with its wire message (exact count, sum, max). */
  public record DecodedSeries(
      String stage, String model, LatencyMetric metric, SparseCounts counts, SeriesInterval wire) {}
}
