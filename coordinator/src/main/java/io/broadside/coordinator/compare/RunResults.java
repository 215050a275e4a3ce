package io.broadside.coordinator.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.histogram.Histograms;
import io.broadside.coordinator.store.RunFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.PackedHistogram;

/**
 * What a comparison reads of one run directory: summary.json, and from histograms.hlog each series'
 * histograms per interval (the lines of every agent for one interval merged), for the latency
 * metrics asked for. Intervals are numbered from the run's start (start time / interval length,
 * rounded). Blocking.
 */
public final class RunResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final JsonNode summary;
  private final Map<String, TreeMap<Long, PackedHistogram>> series;
  private double intervalS = 1;

  private RunResults(
      Path dir, JsonNode summary, Map<String, TreeMap<Long, PackedHistogram>> series) {
    this.dir = dir;
    this.summary = summary;
    this.series = series;
  }

  /**
   * Reads a finished run's directory.
   *
   * @param metrics the latency keys ({@code tpot}, {@code ttft}, …) whose intervals are kept
   * @throws CompareException when the directory or its summary.json is missing or unreadable
   */
  public static RunResults read(Path dir, Set<String> metrics) throws CompareException {
    if (!Files.isDirectory(dir)) {
      throw new CompareException("no run directory " + dir.toAbsolutePath());
    }
    Path summaryFile = dir.resolve(RunFiles.SUMMARY);
    if (!Files.isRegularFile(summaryFile)) {
      throw new CompareException(
          dir + " has no " + RunFiles.SUMMARY + ": not a finished run directory");
    }
    JsonNode summary;
    try {
      summary = JSON.readTree(summaryFile.toFile());
    } catch (IOException e) {
      throw new CompareException("cannot read " + summaryFile + ": " + e.getMessage());
    }
    if (!summary.path("stages").isArray()) {
      throw new CompareException(summaryFile + " has no stages");
    }
    RunResults run = new RunResults(dir, summary, new HashMap<>());
    Path hlog = dir.resolve(RunFiles.HLOG);
    if (Files.isRegularFile(hlog)) {
      try (BufferedReader in = Files.newBufferedReader(hlog)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          run.addLine(line, metrics);
        }
      } catch (IOException | RuntimeException e) {
        throw new CompareException("cannot read " + hlog + ": " + e.getMessage());
      }
    }
    return run;
  }

  /** {@code Tag=metric/stage/model,start,length,max,histogram}; other lines are skipped. */
  private void addLine(String line, Set<String> metrics) {
    if (!line.startsWith("Tag=")) {
      return;
    }
    String[] f = line.substring(4).split(",", 5);
    if (f.length != 5) {
      return; // cut short by a stop
    }
    String tag = f[0];
    int slash = tag.indexOf('/');
    if (slash < 0 || !metrics.contains(tag.substring(0, slash))) {
      return;
    }
    double start = Double.parseDouble(f[1]);
    double length = Double.parseDouble(f[2]);
    if (length > 0) {
      intervalS = length;
    }
    long interval = Math.round(start / intervalS);
    PackedHistogram h = Histograms.decodePacked(Base64.getDecoder().decode(f[4].strip()));
    TreeMap<Long, PackedHistogram> byInterval = series.computeIfAbsent(tag, t -> new TreeMap<>());
    PackedHistogram merged = byInterval.get(interval);
    if (merged == null) {
      byInterval.put(interval, h);
    } else {
      merged.add(h);
    }
  }

  public Path dir() {
    return dir;
  }

  /** The run's id as summary.json names it, else the directory's name. */
  public String id() {
    String run = summary.path("run").asText("");
    return run.isEmpty() ? dir.getFileName().toString() : run;
  }

  /** The length of the log's intervals in seconds (the snapshot interval; 1 s by default). */
  public double intervalS() {
    return intervalS;
  }

  public JsonNode summary() {
    return summary;
  }

  /** One series' histograms by interval (empty when it has none), e.g. tag {@code tpot/s/m}. */
  public TreeMap<Long, PackedHistogram> intervals(String tag) {
    return series.getOrDefault(tag, new TreeMap<>());
  }
}
