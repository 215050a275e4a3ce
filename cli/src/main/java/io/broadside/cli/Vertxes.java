package io.broadside.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;

/**
 * The process's Vert.x instance, with a blocked-thread check tight enough to notice mistakes (300
 * ms: well above any handler's work, below what a blocking call costs).
 */
final class Vertxes {
  private Vertxes() {}

  static Vertx create() {
    return Vertx.vertx(
        new VertxOptions()
            .setBlockedThreadCheckInterval(200)
            .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
            .setMaxEventLoopExecuteTime(1000)
            .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
            .setWarningExceptionTime(Long.getLong("broadside.blockedStackMs", 1000))
            .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
  }
}
