package io.broadside.coordinator.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.broadside.coordinator.report.RunReport;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.store.RunFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Writes each run's directory. The histogram log is appended as snapshots are merged, so an
 * interrupted coordinator leaves what it merged on disk. Used on the coordinator's context.
 */
public final class ResultWriter {
  private static final Logger LOG = Logger.getLogger(ResultWriter.class.getName());
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Vertx vertx;
  private final Map<String, AsyncFile> hlogs = new HashMap<>();
  private final Map<String, AsyncFile> counterLogs = new HashMap<>();
  private final Set<String> written = new HashSet<>();

  public ResultWriter(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Creates the directory, writes plan.yaml and opens the histogram log. */
  public Future<Void> create(Run run) {
    var fs = vertx.fileSystem();
    String dir = run.dir().toString();
    String plan = run.dir().resolve(RunFiles.PLAN).toString();
    return fs.mkdirs(dir)
        // the plan as sent, readable by this coordinator's user only
        .compose(v -> fs.createFile(plan, "rw-------"))
        .compose(v -> fs.writeFile(plan, Buffer.buffer(run.planText())))
        .compose(
            v ->
                fs.open(
                    run.dir().resolve(RunFiles.HLOG).toString(),
                    new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true)))
        .compose(
            file -> {
              hlogs.put(run.id(), file);
              return fs.open(
                  run.dir().resolve(RunFiles.COUNTERS).toString(),
                  new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true));
            })
        .map(
            file -> {
              counterLogs.put(run.id(), file);
              return null;
            });
  }

  /** Appends the counter-log lines merged since the last call; completes once written. */
  public Future<Void> appendCounters(Run run, String lines) {
    return append(counterLogs.get(run.id()), lines);
  }

  /** Appends the log lines merged since the last call; completes once written. */
  public Future<Void> appendHlog(Run run, String lines) {
    return append(hlogs.get(run.id()), lines);
  }

  private static Future<Void> append(AsyncFile file, String lines) {
    return file == null || lines.isEmpty()
        ? Future.succeededFuture()
        : file.write(Buffer.buffer(lines));
  }

  /**
   * Flushes and closes the log, then writes summary.json, run.json and report.html on a worker
   * thread.
   */
  public Future<Void> finish(Run run, String lastLines, String lastCounters) {
    appendHlog(run, lastLines);
    appendCounters(run, lastCounters);
    AsyncFile file = hlogs.remove(run.id());
    AsyncFile counters = counterLogs.remove(run.id());
    Future<Void> closed =
        Future.all(
                file == null ? Future.succeededFuture() : file.close(),
                counters == null ? Future.succeededFuture() : counters.close())
            .mapEmpty();
    Map<String, Object> runJson = RunJson.of(run);
    Object summary = run.summary();
    return closed
        .compose(
            v ->
                vertx.executeBlocking(
                    () -> {
                      Files.writeString(
                          run.dir().resolve(RunFiles.SUMMARY),
                          JSON.writeValueAsString(summary) + "\n");
                      Files.writeString(
                          run.dir().resolve(RunFiles.RUN), JSON.writeValueAsString(runJson) + "\n");
                      writeReport(run.dir());
                      return null;
                    }))
        .<Void>mapEmpty()
        .onComplete(ar -> written.add(run.id()));
  }

  /** The report is a convenience: a run whose results are written is not failed by it. */
  private static void writeReport(Path dir) {
    try {
      RunReport.write(dir, dir.resolve(RunFiles.REPORT));
    } catch (IOException | RuntimeException e) {
      LOG.warning("cannot write the report of " + dir + ": " + e);
    }
  }

  public boolean written(Run run) {
    return written.contains(run.id());
  }
}
