package io.broadside.simulator.server;

import io.broadside.simulator.engine.BatchEngine;
import io.broadside.simulator.engine.SequenceScheduler;
import io.broadside.simulator.engine.TokenSink;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link BatchEngine} in real time ({@code System.nanoTime()}) with one Vert.x timer aimed
 * at the engine's next event. The engine keeps its own ideal timeline, so a timer that fires late
 * (event-loop timers have about 1 ms resolution) only delays the writes: every due step is
 * processed at once and the next deadline does not drift.
 *
 * <p>Every method must be called on the simulator's context, where the timers fire too.
 */
final class TimerEngineDriver implements SequenceScheduler {
  private final Vertx vertx;
  private final BatchEngine engine;
  private Timer timer;
  private long timerDeadline;
  private boolean stopped;

  TimerEngineDriver(Vertx vertx, BatchEngine engine) {
    this.vertx = vertx;
    this.engine = engine;
  }

  @Override
  public long submit(int promptTokens, int maxTokens, TokenSink sink) {
    long now = System.nanoTime();
    try {
      engine.advanceTo(now);
      return engine.submit(promptTokens, maxTokens, sink, now);
    } finally {
      schedule();
    }
  }

  @Override
  public void cancel(long id) {
    engine.cancel(id);
  }

  /** Stops the timer; sequences still in the engine get no more tokens. */
  void stop() {
    stopped = true;
    cancelTimer();
  }

  private void onTimer(Timer fired) {
    if (fired != timer) {
      return;
    }
    timer = null;
    try {
      engine.advanceTo(System.nanoTime());
    } finally {
      schedule();
    }
  }

  private void schedule() {
    long next = engine.nextEventNanos();
    if (stopped || next == BatchEngine.NO_EVENT) {
      cancelTimer();
      return;
    }
    if (timer != null && timerDeadline <= next) {
      return;
    }
    cancelTimer();
    Timer armed = vertx.timer(Math.max(1, next - System.nanoTime()), TimeUnit.NANOSECONDS);
    timer = armed;
    timerDeadline = next;
    armed.onSuccess(v -> onTimer(armed));
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}
