package io.broadside.agent.control;

import io.broadside.common.cluster.RunIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import java.nio.file.Path;

/**
 * The agent's per-request log of a run ({@code <dataDir>/<run>/<agent>-requests.jsonl}, beside its
 * {@code .hlog}), when the plan asks for one: a line of JSON per ended request, appended each
 * interval with Vert.x's asynchronous file API.
 */
final class LocalRequestLog {
  private final Path path;
  private Future<AsyncFile> file;

  private LocalRequestLog(Path path) {
    this.path = path;
  }

  static LocalRequestLog open(Vertx vertx, Path dataDir, String agentId, String runId) {
    Path folder = dataDir.resolve(RunIds.require(runId));
    LocalRequestLog log = new LocalRequestLog(folder.resolve(agentId + "-requests.jsonl"));
    log.file = LocalHlog.create(vertx, log.path);
    return log;
  }

  Path path() {
    return path;
  }

  void append(String lines) {
    if (!lines.isEmpty()) {
      file = file.compose(f -> f.write(Buffer.buffer(lines)).map(f));
    }
  }

  Future<Void> close() {
    return file.compose(AsyncFile::close);
  }
}
