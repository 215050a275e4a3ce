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
  private final Map<String, SyncGroup> syncs = new HashMap<>();
  // the logs of a finishing run, synced and closed
  private final Map<String, Future<Void>> closing = new HashMap<>();

  /**
   * Group commit of one run's logs: callers that arrive while a sync is under way share the next
   * one, so the coordinator syncs at most twice per burst of snapshots, whatever the agents.
   */
  private static final class SyncGroup {
    io.vertx.core.Promise<Void> next;
    boolean inFlight;
  }

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

  /**
   * Completes once everything appended to the run's logs before this call is on the disk (both
   * files synced), so an acknowledged snapshot survives a power loss. Syncs are shared: see {@link
   * SyncGroup}.
   */
  public Future<Void> synced(Run run) {
    AsyncFile hlog = hlogs.get(run.id());
    AsyncFile counters = counterLogs.get(run.id());
    if (hlog == null || counters == null) {
      // finishing: its logs are synced before they are closed
      Future<Void> closed = closing.get(run.id());
      return closed == null ? Future.succeededFuture() : closed;
    }
    SyncGroup g = syncs.computeIfAbsent(run.id(), k -> new SyncGroup());
    if (g.next == null) {
      g.next = io.vertx.core.Promise.promise();
    }
    Future<Void> f = g.next.future();
    if (!g.inFlight) {
      sync(g, hlog, counters);
    }
    return f;
  }

  private void sync(SyncGroup g, AsyncFile hlog, AsyncFile counters) {
    io.vertx.core.Promise<Void> these = g.next;
    g.next = null;
    g.inFlight = true;
    Future.all(hlog.flush(), counters.flush())
        .<Void>mapEmpty()
        .onComplete(
            ar -> {
              g.inFlight = false;
              these.handle(ar);
              if (g.next != null) {
                sync(g, hlog, counters);
              }
            });
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
    syncs.remove(run.id());
    // synced, then closed: the results written below stand on logs that are on the disk
    Future<Void> closed =
        Future.all(
                file == null ? Future.succeededFuture() : file.flush().compose(v -> file.close()),
                counters == null
                    ? Future.succeededFuture()
                    : counters.flush().compose(v -> counters.close()))
            .mapEmpty();
    closing.put(run.id(), closed);
    closed.onComplete(ar -> closing.remove(run.id()));
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
