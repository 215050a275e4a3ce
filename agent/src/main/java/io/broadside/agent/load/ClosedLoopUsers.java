package io.broadside.agent.load;

import io.broadside.agent.record.RequestRecording;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * A lane's virtual users (closed loop): each sends, waits for its response, optionally thinks, and
 * repeats while the lane wants it; with sessions, each runs one conversation after another, turn by
 * turn, thinking between turns. A user whose request failed at once (within {@link
 * RequestRecording#AT_ONCE_NANOS} of its send: a refused connection, an instant 404) backs off
 * before its next, 10 ms doubling with each such failure in a row up to 1 s (or its think time,
 * when longer), so a dead target is not hammered in a tight loop; each backoff is counted ({@code
 * backoff}), and every failure still is. Not thread-safe: the lane's context only.
 */
final class ClosedLoopUsers {
  private final Lane lane;
  private final Vertx vertx;
  private final LaneSchedule schedule;
  private final LaneRequests requests;
  private final Duration thinkTime;
  private int active;
  private int wanted;

  ClosedLoopUsers(
      Lane lane, Vertx vertx, LaneSchedule schedule, LaneRequests requests, Duration thinkTime) {
    this.lane = lane;
    this.vertx = vertx;
    this.schedule = schedule;
    this.requests = requests;
    this.thinkTime = thinkTime;
  }

  /** Users that have not left yet. */
  int active() {
    return active;
  }

  /** The lane wants {@code users} users from {@code now}: any missing start at once. */
  void want(int users, long now) {
    wanted = users;
    while (active < wanted) {
      active++;
      new User().next(now);
    }
  }

  /** Every user leaves when its request in flight ended. */
  void stop() {
    wanted = 0;
  }

  static final long FIRST_BACKOFF_NANOS = 10_000_000;
  static final long MAX_BACKOFF_NANOS = 1_000_000_000;

  /** The wait after the {@code n}-th failure at once in a row: 10 ms doubling, at most 1 s. */
  static long backoffNanos(int n) {
    return Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(n - 1, 20));
  }

  private final class User implements java.util.function.Consumer<RequestRecording> {
    private int atOnce; // failures at once in a row
    private Session session; // with sessions: the conversation under way

    void next(long intended) {
      int stage = schedule.stageAt(intended);
      if (schedule.budgetSpent()) {
        lane.finishFiring(); // this lane's share of the count is sent
      }
      if (lane.ending() || stage < 0 || active > wanted) {
        active--;
        lane.checkDrained();
        return;
      }
      schedule.spend();
      if (!requests.inSessions()) {
        requests.fire(stage, intended, this);
        return;
      }
      if (session == null || session.done()) {
        session = requests.newSession(stage);
      }
      requests.fireTurn(session, stage, intended, this);
    }

    @Override
    public void accept(RequestRecording ended) {
      // within a session the user thinks between turns; between sessions, the plan's think time
      long wait = session != null && !session.done() ? requests.thinkNanos() : thinkTime.toNanos();
      if (ended.failedAtOnce()) {
        atOnce++;
        long backoff = backoffNanos(atOnce);
        if (backoff > wait) {
          wait = backoff;
          ended.countBackoff();
        }
      } else {
        atOnce = 0;
      }
      if (wait <= 0) {
        next(System.nanoTime());
      } else {
        long intended = System.nanoTime() + wait;
        vertx.setTimer(Math.max(1, wait / 1_000_000), id -> next(intended));
      }
    }
  }
}
