package io.broadside.coordinator.runs;

import io.broadside.common.time.MonoClock;
import io.broadside.common.time.Scheduler;
import io.vertx.core.Vertx;

/**
 * Real time: the monotonic clock, and Vert.x timers (a timer set on the coordinator's context runs
 * there).
 */
public final class ContextScheduler implements Scheduler {
  private final Vertx vertx;

  public ContextScheduler(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public long nowUs() {
    return MonoClock.nowUs();
  }

  @Override
  public void after(long delayMs, Runnable task) {
    vertx.setTimer(Math.max(1, delayMs), id -> task.run());
  }
}
