package io.broadside.coordinator.merge;

import io.broadside.common.histogram.HlogWriter;
import io.broadside.common.summary.RunAggregate;
import io.broadside.common.summary.Summary;
import io.broadside.common.time.ClockOffset;
import io.broadside.coordinator.store.CounterLog;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.ErrorSample;
import io.broadside.protocol.v1.Snapshot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's exact merge: each accepted snapshot's histograms and counters go into the run's
 * aggregate, the sliding windows of {@code /metrics}, the first error of each stage, the live
 * progress figures, and the lines for the run directory's histogram and counter logs. Which
 * snapshots are accepted (each once) is the run's decision; this only merges. Confined to the
 * coordinator's context.
 */
public final class SnapshotMerger {
  private final RunAggregate aggregate;
  private final StringBuilder hlog = new StringBuilder();
  private final StringBuilder counterLog = new StringBuilder();
  private final Map<String, Summary.FirstError> firstErrors = new LinkedHashMap<>();
  private final Map<String, Summary.FirstError> firstByClass = new LinkedHashMap<>();
  private final LiveProgress live;
  private RunWindows windows = new RunWindows(30);

  public SnapshotMerger(RunAggregate aggregate, long nowUs) {
    this.aggregate = aggregate;
    this.live = new LiveProgress(nowUs);
  }

  /** The exact window quantiles of /metrics span {@code window}, advanced once per interval. */
  public void windows(Duration window, Duration interval) {
    windows = new RunWindows((int) Math.ceil((double) window.toNanos() / interval.toNanos()));
  }

  /** The histogram log starts at the run's start (coordinator clock). */
  public void start(long startUs) {
    hlog.append(HlogWriter.header(startUs / 1000));
  }

  /**
   * Merges one snapshot of agent {@code agentId}, whose clock is {@code clock}, into everything;
   * {@code runStartUs} is the run's start in the coordinator's clock.
   */
  public void merge(
      String agentId, ClockOffset clock, long runStartUs, SnapshotCodec.Decoded decoded) {
    Snapshot s = decoded.snapshot();
    CounterLog.append(counterLog, agentId, clock, s);
    SnapshotCodec.mergeInto(decoded, aggregate);
    for (ErrorSample e : s.getErrorsList()) {
      Summary.FirstError first =
          new Summary.FirstError(
              e.getStage(), e.getModel(), e.getErrorClass(), e.getDetail(), e.getAtUs());
      firstErrors.merge(e.getStage(), first, SnapshotMerger::earlier);
      firstByClass.merge(e.getErrorClass(), first, SnapshotMerger::earlier);
    }
    for (SnapshotCodec.DecodedSeries series : decoded.series()) {
      windows.record(series.stage(), series.model(), series.metric(), series.counts());
    }
    // the snapshot's times are in the agent's clock: so is the run's start they are taken from
    hlog.append(SnapshotCodec.hlogLines(s, clock.toAgent(runStartUs)));
    live.add(decoded);
  }

  /**
   * Lets go of the merged histograms, the windows of /metrics and the live figures: the run ended
   * and its files, its summary.json among them, are written.
   */
  public void release() {
    aggregate.clear();
    windows = new RunWindows(1);
    live.release();
    hlog.setLength(0);
    hlog.trimToSize();
    counterLog.setLength(0);
    counterLog.trimToSize();
  }

  /** Drains the histogram log lines gathered since the last call. */
  public String takeHlog() {
    String s = hlog.toString();
    hlog.setLength(0);
    return s;
  }

  /** Drains the counter-log lines gathered since the last call (see {@link CounterLog}). */
  public String takeCounterLog() {
    String s = counterLog.toString();
    counterLog.setLength(0);
    return s;
  }

  /** Figures merged since the previous call, for a progress line. */
  public Progress progress(
      String status, double elapsedS, double remainingS, int users, long nowUs, boolean goodput) {
    return live.take(status, elapsedS, remainingS, users, nowUs, goodput);
  }

  public RunAggregate aggregate() {
    return aggregate;
  }

  public RunWindows windows() {
    return windows;
  }

  private static Summary.FirstError earlier(Summary.FirstError was, Summary.FirstError now) {
    return was.atUs() <= now.atUs() ? was : now;
  }

  /** The first failure of each error class, by the agents' times. */
  public Map<String, Summary.FirstError> firstByClass() {
    return firstByClass;
  }

  /** The first error of each stage, by the agents' times. */
  public Map<String, Summary.FirstError> firstErrors() {
    return firstErrors;
  }
}
