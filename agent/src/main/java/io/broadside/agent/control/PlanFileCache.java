package io.broadside.agent.control;

import io.broadside.common.plan.PlanBundle;
import io.broadside.protocol.v1.FileChunk;
import io.broadside.protocol.v1.PlanFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files of runs' plans, kept by hash in {@code <dataDir>/.files/}: a run's files are taken from
 * there, or fetched from the coordinator once (chunked, checked against the hash before use), and
 * laid out for the run under {@code .files/runs/<run>/} as the plan names them. So agents need no
 * shared filesystem and no copy by hand.
 *
 * <p>On a host that shares the coordinator's filesystem (an embedded cluster) the plan's own folder
 * is used as it is when every file there has the hash the coordinator sent. Past {@link #maxBytes},
 * the files used longest ago go. Disk work runs on worker threads; chunks are written on the
 * agent's context, which is itself a worker.
 */
final class PlanFileCache {
  private final Vertx vertx;
  private final Path dir;
  private final long maxBytes;

  PlanFileCache(Vertx vertx, Path dataDir, long maxBytes) {
    this.vertx = vertx;
    this.dir = dataDir.resolve(".files");
    this.maxBytes = maxBytes;
  }

  /** What a run reads its plan's files from, and the folder to remove when it ends (or null). */
  record Layout(Path base, Path owned) {}

  /**
   * The folder the run's plan names its files in: {@code planBaseDir} when it holds them all, else
   * a folder of the run's own, with each file from the cache or fetched by {@code fetch}.
   */
  Future<Layout> prepare(
      String runId, List<PlanFile> files, String planBaseDir, CoordinatorFiles fetch) {
    for (PlanFile f : files) {
      String why = PlanBundle.unsafePath(f.getPath());
      if (why != null || !PlanBundle.isSha256(f.getSha256())) {
        return Future.failedFuture(
            "the coordinator named a plan file that is no plain relative path or hash");
      }
    }
    if (files.isEmpty()) {
      // a plan that names no file: its folder as given (an embedded cluster's), if any
      return Future.succeededFuture(
          new Layout(planBaseDir.isEmpty() ? null : Path.of(planBaseDir), null));
    }
    return vertx
        .executeBlocking(() -> sharedFolder(files, planBaseDir))
        .compose(
            shared -> {
              if (shared != null) {
                return Future.succeededFuture(new Layout(shared, null));
              }
              return vertx
                  .executeBlocking(() -> missing(files))
                  .compose(missing -> fetchAll(runId, missing, fetch))
                  .compose(v -> vertx.executeBlocking(() -> layOut(runId, files)));
            });
  }

  /** Removes a run's own folder of files (best effort, on a worker). */
  void release(Layout layout) {
    if (layout != null && layout.owned() != null) {
      vertx.executeBlocking(
          () -> {
            deleteTree(layout.owned());
            return null;
          });
    }
  }

  /** Fetches a file of a run from the coordinator. */
  interface CoordinatorFiles {
    Future<Void> fetch(String runId, String sha256, java.util.function.Consumer<FileChunk> chunk);
  }

  /** The plan's own folder when every file there has its hash (a shared filesystem), else null. */
  private static Path sharedFolder(List<PlanFile> files, String planBaseDir) throws IOException {
    if (planBaseDir.isEmpty()) {
      return null;
    }
    Path base = Path.of(planBaseDir);
    for (PlanFile f : files) {
      Path p = base.resolve(f.getPath());
      if (!Files.isRegularFile(p)
          || Files.size(p) != f.getSize()
          || !PlanBundle.sha256(p).equals(f.getSha256())) {
        return null;
      }
    }
    return base;
  }

  /** The files not in the cache yet (one per hash); those in it are marked as just used. */
  private List<PlanFile> missing(List<PlanFile> files) throws IOException {
    Files.createDirectories(dir);
    List<PlanFile> out = new ArrayList<>();
    Set<String> asked = new java.util.HashSet<>();
    for (PlanFile f : files) {
      Path cached = dir.resolve(f.getSha256());
      if (Files.isRegularFile(cached) && Files.size(cached) == f.getSize()) {
        Files.setLastModifiedTime(cached, FileTime.fromMillis(System.currentTimeMillis()));
      } else if (asked.add(f.getSha256())) {
        out.add(f);
      }
    }
    return out;
  }

  private Future<Void> fetchAll(String runId, List<PlanFile> missing, CoordinatorFiles fetch) {
    Future<Void> chain = Future.succeededFuture();
    for (PlanFile f : missing) {
      chain = chain.compose(v -> fetchOne(runId, f, fetch));
    }
    return chain;
  }

  /** One file into the cache: written to a part file, checked, then renamed into place. */
  private Future<Void> fetchOne(String runId, PlanFile f, CoordinatorFiles fetch) {
    Path part = dir.resolve(f.getSha256() + ".part-" + Long.toHexString(System.nanoTime()));
    FileChannel out;
    try {
      out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      return Future.failedFuture("cannot write the plan's files in its data folder (" + e + ")");
    }
    MessageDigest digest = PlanBundle.digest();
    long[] written = {0};
    IOException[] failed = {null};
    return fetch
        .fetch(
            runId,
            f.getSha256(),
            chunk -> {
              if (failed[0] != null) {
                return;
              }
              try {
                if (chunk.getOffset() != written[0]
                    || written[0] + chunk.getData().size() > f.getSize()) {
                  throw new IOException("chunks out of order or past the file's size");
                }
                ByteBuffer data = chunk.getData().asReadOnlyByteBuffer();
                digest.update(data.duplicate());
                while (data.hasRemaining()) {
                  out.write(data);
                }
                written[0] += chunk.getData().size();
              } catch (IOException e) {
                failed[0] = e;
              }
            })
        .eventually(
            () -> {
              try {
                out.close();
              } catch (IOException e) {
                failed[0] = failed[0] == null ? e : failed[0];
              }
              return Future.succeededFuture();
            })
        .compose(
            v -> {
              String got = HexFormat.of().formatHex(digest.digest());
              String why =
                  failed[0] != null
                      ? failed[0].getMessage()
                      : written[0] != f.getSize()
                          ? "it came with " + written[0] + " of " + f.getSize() + " bytes"
                          : !got.equals(f.getSha256()) ? "its hash does not match" : null;
              if (why != null) {
                return Future.failedFuture(why);
              }
              try {
                Files.move(part, dir.resolve(f.getSha256()), StandardCopyOption.ATOMIC_MOVE);
              } catch (IOException e) {
                return Future.failedFuture(e);
              }
              return Future.<Void>succeededFuture();
            })
        .recover(
            e -> {
              try {
                Files.deleteIfExists(part);
              } catch (IOException ignored) {
                // a part file is never used
              }
              return Future.failedFuture(
                  "cannot fetch the plan's file "
                      + f.getPath()
                      + " from the coordinator ("
                      + e.getMessage()
                      + ")");
            });
  }

  /** The run's folder: each file linked (else copied) from the cache at its path. */
  private Layout layOut(String runId, List<PlanFile> files) throws IOException {
    Path runDir = dir.resolve("runs").resolve(runId);
    deleteTree(runDir);
    for (PlanFile f : files) {
      Path target = runDir.resolve(f.getPath()).normalize();
      if (!target.startsWith(runDir)) {
        throw new IOException("a plan file's path leaves its folder");
      }
      Files.createDirectories(target.getParent());
      Path cached = dir.resolve(f.getSha256());
      try {
        Files.createLink(target, cached);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(cached, target);
      }
    }
    evict(files.stream().map(PlanFile::getSha256).collect(Collectors.toSet()));
    return new Layout(runDir, runDir);
  }

  /** Past the cache's size, the files used longest ago go (never one of {@code keep}). */
  private void evict(Set<String> keep) throws IOException {
    List<Path> cached;
    try (Stream<Path> list = Files.list(dir)) {
      cached =
          list.filter(p -> PlanBundle.isSha256(p.getFileName().toString()))
              .filter(Files::isRegularFile)
              .sorted(Comparator.comparing(PlanFileCache::lastModified))
              .toList();
    }
    long total = 0;
    for (Path p : cached) {
      total += Files.size(p);
    }
    for (Path p : cached) {
      if (total <= maxBytes) {
        break;
      }
      if (!keep.contains(p.getFileName().toString())) {
        total -= Files.size(p);
        Files.deleteIfExists(p);
      }
    }
  }

  private static FileTime lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
