package io.broadside.coordinator.run;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/** Blocking work (a process, a file) off the event loop; completes on the caller's context. */
public interface Workers {
  <T> Future<T> blocking(Callable<T> work);

  /** Vert.x's worker pool, unordered. */
  static Workers of(Vertx vertx) {
    return new Workers() {
      @Override
      public <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
      }
    };
  }
}
