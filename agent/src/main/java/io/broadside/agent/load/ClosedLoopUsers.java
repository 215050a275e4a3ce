package io.broadside.agent.load;

import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * A lane's virtual users (closed loop): each sends, waits for its response, optionally thinks, and
 * repeats while the lane wants it. Not thread-safe: the lane's context only.
 */
final class ClosedLoopUsers {
  private final Lane lane;
  private final Vertx vertx;
  private final LaneSchedule schedule;
  private final LaneRequests requests;
  private final Duration thinkTime;
  private final Runnable userDone = this::userDone;
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
      userNext(now);
    }
  }

  /** Every user leaves when its request in flight ended. */
  void stop() {
    wanted = 0;
  }

  private void userNext(long intended) {
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
    requests.fire(stage, intended, userDone);
  }

  private void userDone() {
    long think = thinkTime.toNanos();
    if (think <= 0) {
      userNext(System.nanoTime());
    } else {
      long intended = System.nanoTime() + think;
      vertx.setTimer(Math.max(1, think / 1_000_000), id -> userNext(intended));
    }
  }
}
