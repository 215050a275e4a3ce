package io.broadside.testing;

import io.broadside.common.time.Scheduler;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} in virtual time: nothing moves until the test advances it, and then every
 * task falls due in the order of its time (ties in the order they were scheduled), each seeing the
 * clock at its own due time.
 */
public final class VirtualTime implements Scheduler {
  private record Task(long dueUs, long id, Runnable run) {}

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          (a, b) -> a.dueUs != b.dueUs ? Long.compare(a.dueUs, b.dueUs) : Long.compare(a.id, b.id));
  private long nowUs;
  private long nextId;

  /** Starts at {@code startUs} (epoch µs). */
  public VirtualTime(long startUs) {
    this.nowUs = startUs;
  }

  public VirtualTime() {
    this(1_700_000_000_000_000L);
  }

  @Override
  public long nowUs() {
    return nowUs;
  }

  @Override
  public void after(long delayMs, Runnable task) {
    tasks.add(new Task(nowUs + Math.max(1, delayMs) * 1000, ++nextId, task));
  }

  /** Moves the clock {@code ms} on, running every task that falls due on the way. */
  public void advanceMs(long ms) {
    advanceToUs(nowUs + ms * 1000);
  }

  /** Moves the clock to {@code toUs}, running every task due by then in order. */
  public void advanceToUs(long toUs) {
    while (!tasks.isEmpty() && tasks.peek().dueUs <= toUs) {
      Task t = tasks.poll();
      nowUs = Math.max(nowUs, t.dueUs);
      t.run.run();
    }
    nowUs = Math.max(nowUs, toUs);
  }
}
