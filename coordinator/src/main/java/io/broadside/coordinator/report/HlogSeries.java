package io.broadside.coordinator.report;

import io.broadside.common.histogram.Histograms;
import io.broadside.common.histogram.HlogWriter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * A run's histograms.hlog read back: each series ({@code metric/stage/model}) merged over the run,
 * and each metric merged over all series per interval of intended send time (the agents' lines of
 * one interval added up). Values in microseconds, intervals keyed by their index since the run's
 * start. Blocking.
 */
final class HlogSeries {
  /** One interval of one metric: every stage and model together. */
  record Interval(double startS, double lengthS, Histogram histogram) {}

  final Map<String, Histogram> byTag = new LinkedHashMap<>();
  final Map<String, TreeMap<Long, Interval>> timeline = new LinkedHashMap<>();
  double startEpochS;

  static HlogSeries read(Path file) throws IOException {
    HlogSeries out = new HlogSeries();
    if (!Files.exists(file)) {
      return out;
    }
    HistogramLogReader reader = new HistogramLogReader(new File(file.toString()));
    try {
      EncodableHistogram e;
      while ((e = reader.nextIntervalHistogram()) != null) {
        String tag = e.getTag();
        if (tag == null || tag.split("/", 3).length != 3 || HlogWriter.isPartTag(tag)) {
          continue; // not a series, or a part of one (a slice's, a turn's)
        }
        Histogram h = (Histogram) e;
        out.byTag.computeIfAbsent(tag, t -> Histograms.newHistogram()).add(h);
        String metric = tag.substring(0, tag.indexOf('/'));
        // relative to the log's base time: the interval's start as written
        double startS = h.getStartTimeStamp() / 1000.0 - reader.getStartTimeSec();
        double lengthS = (h.getEndTimeStamp() - h.getStartTimeStamp()) / 1000.0;
        // the agents' lines of one interval start within a few ms of each other
        long key = lengthS > 0 ? Math.round(startS / lengthS) : Math.round(startS * 1000);
        out.timeline
            .computeIfAbsent(metric, m -> new TreeMap<>())
            .computeIfAbsent(key, k -> new Interval(startS, lengthS, Histograms.newHistogram()))
            .histogram()
            .add(h);
      }
      out.startEpochS = reader.getStartTimeSec();
    } finally {
      reader.close();
    }
    return out;
  }

  /** The series of one metric and stage merged over models (null when none was recorded). */
  Histogram stage(String metric, String stage) {
    Histogram total = null;
    String prefix = metric + "/" + stage + "/";
    for (Map.Entry<String, Histogram> e : byTag.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        if (total == null) {
          total = Histograms.newHistogram();
        }
        total.add(e.getValue());
      }
    }
    return total;
  }
}
