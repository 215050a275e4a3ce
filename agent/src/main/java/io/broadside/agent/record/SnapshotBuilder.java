package io.broadside.agent.record;

import io.broadside.common.histogram.Histograms;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.ErrorSample;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.StageWindow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Pre-merges the lanes' intervals of one agent (histograms added, counters summed, windows widened)
 * into one snapshot message. Keeps its accumulator histograms from one interval to the next, so a
 * snapshot allocates only its encoded bytes; there are never more than one snapshot's series of
 * them (they were once kept per interval of intended start, one more set every interval). Not
 * thread-safe: one build at a time.
 */
public final class SnapshotBuilder {
  private record Key(String stage, String model, String part, String name, long intendedStartUs) {}

  // accumulators: those of the last build come back for the next (each series is encoded into the
  // snapshot as it is built), so there are never more than one build's worth, however long the run
  private final java.util.ArrayDeque<Histogram> pool = new java.util.ArrayDeque<>();
  private final java.util.List<Histogram> lent = new java.util.ArrayList<>();

  public Snapshot.Builder build(List<LaneInterval> lanes) {
    pool.addAll(lent);
    lent.clear();
    Map<Key, Object[]> series = new LinkedHashMap<>();
    Map<Key, long[]> counters = new LinkedHashMap<>();
    Map<Key, long[]> windows = new LinkedHashMap<>();
    Map<Key, LaneInterval.ErrorSample> errors = new LinkedHashMap<>();
    for (LaneInterval lane : lanes) {
      for (LaneInterval.ErrorSample e : lane.errors()) {
        errors.merge(
            new Key(e.stage(), e.model(), "", e.errorClass(), 0),
            e,
            (a, b) -> a.atUs() <= b.atUs() ? a : b);
      }
      for (LaneInterval.Series s : lane.series()) {
        Object[] acc =
            series.computeIfAbsent(
                new Key(s.stage(), s.model(), s.part(), s.metric().key(), s.intendedStartUs()),
                k -> new Object[] {s.metric(), accumulator(), new long[2]});
        ((Histogram) acc[1]).add(s.histogram());
        long[] sumMax = (long[]) acc[2];
        sumMax[0] += s.sumUs();
        sumMax[1] = Math.max(sumMax[1], s.maxUs());
      }
      for (LaneInterval.Count c : lane.counts()) {
        counters
                .computeIfAbsent(
                    new Key(c.stage(), c.model(), c.part(), c.name(), 0), k -> new long[1])[0] +=
            c.delta();
      }
      for (LaneInterval.Window w : lane.windows()) {
        long[] acc =
            windows.computeIfAbsent(
                new Key(w.stage(), w.model(), w.part(), "", 0),
                k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
        acc[0] = Math.min(acc[0], w.firstDispatchUs());
        acc[1] = Math.max(acc[1], w.lastCompletionUs());
      }
    }
    Snapshot.Builder b = Snapshot.newBuilder();
    b.setLoopDelayMaxUs(lanes.stream().mapToLong(LaneInterval::loopDelayMaxUs).max().orElse(0));
    b.setLoadCpuRatio(lanes.stream().mapToDouble(LaneInterval::loadCpu).max().orElse(0));
    b.setStallRequests(lanes.stream().mapToLong(LaneInterval::stallRequests).sum());
    series.forEach(
        (k, acc) -> {
          long[] sumMax = (long[]) acc[2];
          var one =
              SnapshotCodec.series(
                  k.stage(),
                  k.model(),
                  (LatencyMetric) acc[0],
                  (Histogram) acc[1],
                  sumMax[0],
                  sumMax[1],
                  k.intendedStartUs());
          if (k.part().isEmpty()) {
            b.addSeries(one);
          } else {
            b.addPartSeries(one.toBuilder().setPart(k.part()));
          }
        });
    counters.forEach(
        (k, v) -> {
          CounterDelta.Builder c =
              CounterDelta.newBuilder()
                  .setStage(k.stage())
                  .setModel(k.model())
                  .setName(k.name())
                  .setDelta(v[0]);
          if (k.part().isEmpty()) {
            b.addCounters(c);
          } else {
            b.addPartCounters(c.setPart(k.part()));
          }
        });
    windows.forEach(
        (k, v) -> {
          StageWindow.Builder w =
              StageWindow.newBuilder()
                  .setStage(k.stage())
                  .setModel(k.model())
                  .setFirstDispatchUs(v[0])
                  .setLastCompletionUs(v[1]);
          if (k.part().isEmpty()) {
            b.addWindows(w);
          } else {
            b.addPartWindows(w.setPart(k.part()));
          }
        });
    errors
        .values()
        .forEach(
            e ->
                b.addErrors(
                    ErrorSample.newBuilder()
                        .setStage(e.stage())
                        .setModel(e.model())
                        .setErrorClass(e.errorClass())
                        .setDetail(e.detail())
                        .setAtUs(e.atUs())));
    return b;
  }

  private Histogram accumulator() {
    Histogram h = pool.isEmpty() ? Histograms.newHistogram() : pool.poll();
    h.reset();
    lent.add(h);
    return h;
  }

  /** Accumulator histograms held, lent or free: bounded by one build's series. */
  int accumulators() {
    return pool.size() + lent.size();
  }
}
