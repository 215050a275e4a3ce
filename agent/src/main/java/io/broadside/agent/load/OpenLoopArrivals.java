package io.broadside.agent.load;

import io.broadside.agent.record.LaneRecorder;
import io.broadside.agent.record.RequestRecording;
import io.broadside.common.metric.Counter;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A lane's open-loop arrivals, each sent at its intended time; over the concurrency cap they queue
 * until a request ends, or are dropped. Not thread-safe: the lane's context only.
 *
 * <p>Each arrival is released by a timer of its own, armed for its intended time on the lane's
 * event loop in nanoseconds (Netty's scheduled tasks; on Java NIO they wake the loop about 0.3 ms
 * late at the median), so an idle generator sends it then and not at the lane's next tick: lateness
 * a coarser clock adds would be charged to the model as queue time.
 */
final class OpenLoopArrivals {
  private final Lane lane;
  private final LaneSchedule schedule;
  private final LaneRequests requests;
  private final ModelRouter models;
  private final LaneRecorder recorder;
  private final ArrayDeque<Long> queue = new ArrayDeque<>();
  private final java.util.function.Consumer<RequestRecording> slotFreed = r -> slotFreed();
  private ContextInternal context;
  private EventLoop loop;

  /** When the armed timer fires ({@link System#nanoTime()}); {@link Long#MAX_VALUE} for none. */
  private long armedAt = Long.MAX_VALUE;

  /** The armed timer fired, on the lane's context: nothing is armed, what is due goes out. */
  private Runnable fired;

  /** Made once, not per arrival: the timer's task hops onto the lane's context. */
  private Runnable onLoop;

  OpenLoopArrivals(
      Lane lane,
      LaneSchedule schedule,
      LaneRequests requests,
      ModelRouter models,
      LaneRecorder recorder) {
    this.lane = lane;
    this.schedule = schedule;
    this.requests = requests;
    this.models = models;
    this.recorder = recorder;
  }

  /**
   * Timers run on {@code context}, the lane's, and call {@code due} there (which releases what is
   * due and arms the next, or does nothing once the lane stopped firing).
   */
  void on(Context context, Runnable due) {
    this.context = (ContextInternal) context;
    this.loop = this.context.nettyEventLoop();
    this.fired =
        () -> {
          armedAt = Long.MAX_VALUE;
          due.run();
        };
    this.onLoop = () -> this.context.dispatch(fired);
  }

  /** Sends (or queues, or drops) every arrival due by {@code offset} from the run's start. */
  void releaseDue(long offset) {
    while (schedule.arrivalDue(offset)) {
      arrive(schedule.dueArrival());
      schedule.arrived();
    }
  }

  /**
   * Arms the timer for the next arrival unless it is armed already. The next arrival only moves
   * later, so at most one timer is pending: one armed for an arrival the lane's tick has since
   * released just finds nothing due and arms the next.
   */
  void arm() {
    long next = schedule.nextArrivalNanos();
    if (next < 0 || armedAt != Long.MAX_VALUE) {
      return;
    }
    armedAt = next;
    loop.schedule(onLoop, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** An arrival intended at {@code intended} ({@link System#nanoTime()}). */
  void arrive(long intended) {
    switch (schedule.admit(requests.inFlight())) {
      case SEND -> send(intended);
      case QUEUE -> queue.addLast(intended);
      case DROP -> {
        int cell = recorder.cell(schedule.stageOf(intended), models.picked());
        recorder.count(cell, Counter.DROPPED, 1);
      }
    }
  }

  /** No arrival waits for a slot. */
  boolean noneQueued() {
    return queue.isEmpty();
  }

  /** Arrivals waiting for a slot are abandoned. */
  void abandonQueued() {
    queue.clear();
  }

  private void slotFreed() {
    Long intended = queue.pollFirst();
    if (intended != null) {
      send(intended);
    } else {
      lane.checkDrained();
    }
  }

  /** Sends an arrival: a request, or the first turn of a session that then goes on by itself. */
  private void send(long intended) {
    int stage = schedule.stageOf(intended);
    if (!requests.inSessions()) {
      requests.fire(stage, intended, slotFreed);
      return;
    }
    Session session = requests.newSession(stage);
    requests.fireTurn(session, stage, intended, r -> turnEnded(session));
  }

  /**
   * A session's turn ended: its next turn follows after a think time, unless the session is done or
   * the lane stopped firing (a session's turns after the run's end are not sent).
   */
  private void turnEnded(Session session) {
    slotFreed();
    if (session.done() || lane.ending()) {
      return;
    }
    long wait = requests.thinkNanos();
    long intended = System.nanoTime() + wait;
    Runnable turn =
        () -> {
          if (lane.ending()) {
            lane.checkDrained();
            return;
          }
          requests.fireTurn(session, schedule.stageOf(intended), intended, r -> turnEnded(session));
        };
    loop.schedule(() -> context.dispatch(turn), Math.max(0, wait), TimeUnit.NANOSECONDS);
  }
}
