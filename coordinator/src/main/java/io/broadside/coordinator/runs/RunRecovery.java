package io.broadside.coordinator.runs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.metric.LatencyMetric;
import io.broadside.common.plan.ParseResult;
import io.broadside.common.plan.PlanFiles;
import io.broadside.common.plan.PlanParser;
import io.broadside.common.summary.RunAggregate;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunStatus;
import io.broadside.coordinator.store.CounterLog;
import io.broadside.coordinator.store.RunFiles;
import io.broadside.coordinator.study.Studies;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Finds runs a stopped coordinator left unfinished (a run directory without run.json) and reads
 * back what they had merged: the histograms from histograms.hlog and the counters from
 * counters.tsv. Means are the histograms' (the exact sums were not written). Blocking: call on a
 * worker thread.
 */
public final class RunRecovery {
  private static final Logger LOG = Logger.getLogger(RunRecovery.class.getName());

  private RunRecovery() {}

  public static List<Run> interruptedRuns(Path dataDir) throws IOException {
    List<Run> out = new ArrayList<>();
    if (!Files.isDirectory(dataDir)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(dataDir)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        if (Files.exists(dir.resolve(RunFiles.RUN)) || !Files.exists(dir.resolve(RunFiles.PLAN))) {
          continue;
        }
        try {
          out.add(read(dir));
        } catch (IOException | RuntimeException e) {
          LOG.warning("cannot read back run " + dir + ": " + e);
        }
      }
    }
    return out;
  }

  /**
   * The runs that ended (a run directory with run.json), as their files hold them: the index of run
   * history a coordinator rebuilds at its start. A directory that cannot be read is skipped with a
   * warning.
   */
  public static List<Run> endedRuns(Path dataDir) throws IOException {
    List<Run> out = new ArrayList<>();
    if (!Files.isDirectory(dataDir)) {
      return out;
    }
    ObjectMapper json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    try (Stream<Path> dirs = Files.list(dataDir)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        if (!Files.exists(dir.resolve(RunFiles.RUN)) || !Files.exists(dir.resolve(RunFiles.PLAN))) {
          continue;
        }
        try {
          String planText = Files.readString(dir.resolve(RunFiles.PLAN));
          ParseResult parsed = PlanParser.parseWith(planText, PlanFiles.readBack());
          if (!parsed.ok()) {
            throw new IOException("its plan no longer validates: " + parsed.problems());
          }
          var run = json.readTree(dir.resolve(RunFiles.RUN).toFile());
          RunStatus status =
              RunStatus.valueOf(run.path("status").asText().toUpperCase(Locale.ROOT));
          out.add(
              Run.restored(
                  dir.getFileName().toString(),
                  planText,
                  parsed.plan(),
                  dir,
                  Studies.of(parsed.plan()),
                  new RunAggregate(),
                  status,
                  epochUs(run.path("createdAt").asText(null)),
                  epochUs(run.path("startedAt").asText(null)),
                  epochUs(run.path("endedAt").asText(null)),
                  run.path("error").isNull() ? null : run.path("error").asText(null),
                  () -> readSummary(dir)));
        } catch (IOException | RuntimeException e) {
          LOG.warning("cannot read back run " + dir + ": " + e);
        }
      }
    }
    return out;
  }

  private static final ObjectMapper SUMMARY_READER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * A run directory's summary.json, or null when it is missing or unreadable (said in the log).
   * Blocking.
   */
  /** A summary from its JSON (summary.json, or {@code GET /api/v1/runs/{id}/summary}). */
  public static Summary parseSummary(byte[] json) throws IOException {
    return SUMMARY_READER.readValue(json, Summary.class);
  }

  public static Summary readSummary(Path dir) {
    Path file = dir.resolve(RunFiles.SUMMARY);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return SUMMARY_READER.readValue(file.toFile(), Summary.class);
    } catch (IOException e) {
      LOG.warning("cannot read " + file + ": " + e.getMessage());
      return null;
    }
  }

  private static long epochUs(String iso) {
    if (iso == null) {
      return 0;
    }
    Instant t = Instant.parse(iso);
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }

  static Run read(Path dir) throws IOException {
    String planText = Files.readString(dir.resolve(RunFiles.PLAN));
    ParseResult parsed = PlanParser.parseWith(planText, PlanFiles.readBack());
    if (!parsed.ok()) {
      throw new IOException("its plan no longer validates: " + parsed.problems());
    }
    RunAggregate aggregate = new RunAggregate();
    Path hlog = dir.resolve(RunFiles.HLOG);
    long startUs = 0;
    if (Files.exists(hlog)) {
      HistogramLogReader reader = new HistogramLogReader(new File(hlog.toString()));
      EncodableHistogram e;
      while ((e = reader.nextIntervalHistogram()) != null) {
        String[] tag = e.getTag() == null ? new String[0] : e.getTag().split("/", 3);
        String part = null;
        if (tag.length == 3 && tag[0].indexOf('#') > 0) {
          // a part of the series (a slice's, a turn's): metric#part
          part = tag[0].substring(tag[0].indexOf('#') + 1);
          tag[0] = tag[0].substring(0, tag[0].indexOf('#'));
        }
        if (tag.length != 3 || LatencyMetric.byKey(tag[0]).isEmpty()) {
          continue;
        }
        Histogram h = (Histogram) e;
        long count = h.getTotalCount();
        (part == null ? aggregate.cell(tag[1], tag[2]) : aggregate.part(tag[1], tag[2], part))
            .addLatency(
                LatencyMetric.byKey(tag[0]).get(),
                h,
                count,
                Math.round(h.getMean() * count),
                h.getMaxValue());
      }
      startUs = (long) (reader.getStartTimeSec() * 1e6);
      reader.close();
    }
    CounterLog.readInto(dir.resolve(RunFiles.COUNTERS), aggregate);
    long endUs = Files.exists(hlog) ? Files.getLastModifiedTime(hlog).toMillis() * 1000 : 0;
    return Run.restored(
        dir.getFileName().toString(),
        planText,
        parsed.plan(),
        dir,
        Studies.of(parsed.plan()),
        aggregate,
        RunStatus.INTERRUPTED,
        // created when its plan was written: never after its start
        Math.min(
            Files.getLastModifiedTime(dir.resolve(RunFiles.PLAN)).toMillis() * 1000,
            startUs > 0 ? startUs : Long.MAX_VALUE),
        startUs,
        endUs,
        "the coordinator stopped before the run ended; results hold what it had received",
        null);
  }
}
