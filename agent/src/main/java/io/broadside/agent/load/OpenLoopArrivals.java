package io.broadside.agent.load;

import io.broadside.agent.record.LaneRecorder;
import io.broadside.common.metric.Counter;
import java.util.ArrayDeque;

/**
 * A lane's open-loop arrivals, each sent at its intended time; over the concurrency cap they queue
 * until a request ends, or are dropped. Not thread-safe: the lane's context only.
 */
final class OpenLoopArrivals {
  private final Lane lane;
  private final LaneSchedule schedule;
  private final LaneRequests requests;
  private final ModelRouter models;
  private final LaneRecorder recorder;
  private final ArrayDeque<Long> queue = new ArrayDeque<>();
  private final Runnable slotFreed = this::slotFreed;

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

  /** An arrival intended at {@code intended} ({@link System#nanoTime()}). */
  void arrive(long intended) {
    switch (schedule.admit(requests.inFlight())) {
      case SEND -> requests.fire(schedule.stageOf(intended), intended, slotFreed);
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
      requests.fire(schedule.stageOf(intended), intended, slotFreed);
    } else {
      lane.checkDrained();
    }
  }
}
