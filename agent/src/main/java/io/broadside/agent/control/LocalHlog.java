package io.broadside.agent.control;

import io.broadside.common.cluster.RunIds;
import io.broadside.common.histogram.HlogWriter;
import io.broadside.protocol.SnapshotCodec;
import io.broadside.protocol.v1.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;

/**
 * The agent's own HdrHistogram log of a run ({@code <dataDir>/<run>/<agent>.hlog}; an embedded
 * agent whose data folder is the coordinator's puts it in the run directory): every interval it
 * recorded, written as it is taken, whether or not the coordinator received it. What a lost
 * coordinator never merged is here. Written with Vert.x's asynchronous file API.
 */
final class LocalHlog {
  private final Path path;
  private final long startUs;
  private Future<AsyncFile> file;
  private java.util.function.Consumer<Throwable> onFailure = e -> {};
  private boolean failed;

  private LocalHlog(Path path, long startUs) {
    this.path = path;
    this.startUs = startUs;
  }

  static LocalHlog open(Vertx vertx, Path dataDir, String agentId, String runId, long startUs) {
    Path folder = dataDir.resolve(RunIds.require(runId));
    LocalHlog log = new LocalHlog(folder.resolve(agentId + ".hlog"), startUs);
    log.file =
        create(vertx, log.path)
            .compose(f -> f.write(Buffer.buffer(HlogWriter.header(startUs / 1000))).map(f));
    return log;
  }

  /** A new (or emptied) file at {@code path}, its folder made: an agent's local log of a run. */
  static Future<AsyncFile> create(Vertx vertx, Path path) {
    return vertx
        .fileSystem()
        .mkdirs(path.getParent().toString())
        .compose(
            v ->
                vertx
                    .fileSystem()
                    .open(
                        path.toString(),
                        new OpenOptions()
                            .setWrite(true)
                            .setCreate(true)
                            .setTruncateExisting(true)));
  }

  Path path() {
    return path;
  }

  /** Told once, the first time the log cannot be written (a full disk): the agent's share fails. */
  LocalHlog onFailure(java.util.function.Consumer<Throwable> handler) {
    this.onFailure = handler;
    file.onFailure(this::failed);
    return this;
  }

  private void failed(Throwable e) {
    if (!failed) {
      failed = true;
      onFailure.accept(e);
    }
  }

  void append(Snapshot s) {
    String lines = SnapshotCodec.hlogLines(s, startUs);
    if (!lines.isEmpty()) {
      file = file.compose(f -> f.write(Buffer.buffer(lines)).map(f));
      file.onFailure(this::failed);
    }
  }

  Future<Void> close() {
    return file.compose(AsyncFile::close);
  }
}
