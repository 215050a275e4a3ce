package io.broadside.common.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Reads {@code $.load.trace} and its file (blocking: plans are parsed off the event loop). {@code
 * format: counts}: one line per minute with its request count (a second column after a comma is the
 * count when there are two; a header line is skipped); each minute's requests are placed uniformly
 * at random inside it, seeded. {@code format: timestamps}: one request per line, its time in
 * seconds in the first column (relative, or absolute and taken from the first). {@code minute}
 * replays a trace minute in another length (e.g. {@code 6s}: ten times faster). Open mode only.
 */
final class TraceReader {
  static final Set<String> KEYS = Fields.keys("file", "format", "minute");

  /** How a trace file is read. */
  enum Format {
    COUNTS,
    TIMESTAMPS
  }

  private TraceReader() {}

  static Trace read(Fields load, LoadMode mode, PlanFiles planFiles, long seed) {
    Fields trace =
        Fields.of(load.get("trace"), load.pathOf("trace"), KEYS, Map.of(), load.problems());
    if (trace == null) {
      return null;
    }
    int before = trace.problems().count();
    Path file = trace.required("file", key -> trace.existingFile(key, planFiles));
    Format format = trace.required("format", key -> trace.choice(key, Format.class));
    Duration minute = trace.duration("minute", true);
    LoadModes.shapeNeeds(
        load, "trace", mode, LoadMode.OPEN, "replays arrival times, an open-loop shape");
    if (trace.problems().count() > before || mode == null) {
      return null;
    }
    long minuteNanos = Objects.requireNonNullElse(minute, Duration.ofMinutes(1)).toNanos();
    try {
      List<String> lines = Files.readAllLines(file);
      return format == Format.COUNTS
          ? counts(trace, file, lines, minuteNanos, seed)
          : timestamps(trace, file, lines, minuteNanos);
    } catch (IOException e) {
      trace.problem("file", "cannot be read (" + e.getClass().getSimpleName() + ")");
      return null;
    }
  }

  private static Trace counts(
      Fields trace, Path file, List<String> lines, long minuteNanos, long seed) {
    long[] counts = new long[lines.size()];
    int minutes = 0;
    long total = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] columns = line.split(",");
      String text = columns[columns.length - 1].strip();
      long count;
      try {
        count = Long.parseLong(text);
      } catch (NumberFormatException e) {
        if (minutes == 0 && total == 0 && i == firstLine(lines)) {
          continue; // a header
        }
        trace.problem("file", where(file, i) + "must end with a whole number of requests");
        return null;
      }
      if (count < 0) {
        trace.problem("file", where(file, i) + "a count must not be negative, was " + count);
        return null;
      }
      counts[minutes++] = count;
      total += count;
    }
    if (total == 0 || total > 50_000_000) {
      trace.problem(
          "file",
          file.getFileName() + ": must hold between 1 and 50,000,000 requests, holds " + total);
      return null;
    }
    long[] offsets = new long[(int) total];
    int k = 0;
    for (int m = 0; m < minutes; m++) {
      // given its count, a Poisson process places a minute's arrivals uniformly inside it
      Random random = new Random(seed * 1_000_003L + m);
      int from = k;
      for (long j = 0; j < counts[m]; j++) {
        offsets[k++] = m * minuteNanos + (long) (random.nextDouble() * minuteNanos);
      }
      Arrays.sort(offsets, from, k);
    }
    return new Trace(file, offsets, Duration.ofNanos(minutes * minuteNanos));
  }

  private static Trace timestamps(Fields trace, Path file, List<String> lines, long minuteNanos) {
    double scale = minuteNanos / 60e9; // a trace minute replayed in minuteNanos
    long[] offsets = new long[lines.size()];
    int n = 0;
    double first = Double.NaN;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String text = line.split(",")[0].strip();
      double seconds;
      try {
        seconds = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        if (n == 0 && i == firstLine(lines)) {
          continue; // a header
        }
        trace.problem("file", where(file, i) + "must start with a time in seconds");
        return null;
      }
      if (Double.isNaN(first)) {
        first = seconds;
      }
      long offset = Math.round((seconds - first) * 1e9 * scale);
      if (n > 0 && offset < offsets[n - 1]) {
        trace.problem("file", where(file, i) + "times must not go back, was " + text);
        return null;
      }
      offsets[n++] = offset;
    }
    if (n == 0) {
      trace.problem("file", file.getFileName() + ": holds no request");
      return null;
    }
    long[] exact = Arrays.copyOf(offsets, n);
    return new Trace(file, exact, Duration.ofNanos(exact[n - 1] + 100_000_000));
  }

  private static int firstLine(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        return i;
      }
    }
    return -1;
  }

  private static String where(Path file, int index) {
    return file.getFileName() + ":" + (index + 1) + ": ";
  }
}
