package io.broadside.coordinator.report;

import io.broadside.common.metric.Counter;
import io.broadside.coordinator.store.CounterLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * counters.tsv per snapshot interval: completed requests, output tokens and active users of all
 * agents in each interval (by completion, as the agents counted them), keyed by the interval's
 * index since the run's start. Blocking.
 */
final class CounterTimeline {
  /** One interval of every agent together. */
  static final class Interval {
    double startS;
    double lengthS;
    long ok;
    long failed;
    long outputTokens;
    long activeUsers;
  }

  final TreeMap<Long, Interval> intervals = new TreeMap<>();

  static CounterTimeline read(Path file, double runStartEpochS) throws IOException {
    CounterTimeline out = new CounterTimeline();
    if (!Files.exists(file) || runStartEpochS <= 0) {
      return out;
    }
    try (BufferedReader in = Files.newBufferedReader(file)) {
      Interval current = null;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split("\t");
        if (f.length != 5) {
          continue;
        }
        if (f[0].equals("i")) {
          double startS = Long.parseLong(f[2]) / 1e6 - runStartEpochS;
          double lengthS = (Long.parseLong(f[3]) - Long.parseLong(f[2])) / 1e6;
          long key = lengthS > 0 ? Math.round(startS / lengthS) : Math.round(startS * 1000);
          current =
              out.intervals.computeIfAbsent(
                  key,
                  k -> {
                    Interval i = new Interval();
                    i.startS = startS;
                    i.lengthS = lengthS;
                    return i;
                  });
          current.activeUsers += Long.parseLong(f[4]);
        } else if (f[0].equals("c") && current != null) {
          long delta = Long.parseLong(f[4]);
          switch (CounterLog.unescape(f[3])) {
            case Counter.OK -> current.ok += delta;
            case Counter.FAILED -> current.failed += delta;
            case Counter.OUTPUT_TOKENS -> current.outputTokens += delta;
            default -> {}
          }
        }
      }
    }
    return out;
  }
}
