package io.broadside.coordinator.runs;

import io.broadside.coordinator.run.Run;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every run this coordinator knows, in order of submission: those submitted since it started and
 * those its data folder held when it started. Confined to the coordinator's context.
 */
final class RunHistory {
  private final Vertx vertx;
  private final Map<String, Run> runs = new LinkedHashMap<>();

  RunHistory(Vertx vertx) {
    this.vertx = vertx;
  }

  void add(Run run) {
    runs.put(run.id(), run);
  }

  Optional<Run> get(String id) {
    return Optional.ofNullable(runs.get(id));
  }

  /** The live collection, for iterating on the context. */
  Collection<Run> values() {
    return runs.values();
  }

  /** A copy, for callers that keep it. */
  List<Run> all() {
    return new ArrayList<>(runs.values());
  }

  /**
   * Removes an ended run and its directory; fails with {@link IllegalStateException} while it is
   * still going, and completes with false when there is no such run.
   */
  Future<Boolean> delete(String id) {
    Run run = runs.get(id);
    if (run == null) {
      return Future.succeededFuture(false);
    }
    if (!run.status().ended()) {
      return Future.failedFuture(
          new IllegalStateException(
              "run " + id + " is " + run.status().wire() + "; stop it first"));
    }
    runs.remove(id);
    return vertx.executeBlocking(
        () -> {
          if (run.dir() != null && Files.exists(run.dir())) {
            try (var paths = Files.walk(run.dir())) {
              for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
              }
            }
          }
          return true;
        });
  }
}
