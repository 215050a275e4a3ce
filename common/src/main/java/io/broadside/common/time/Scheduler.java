package io.broadside.common.time;

/**
 * Time for the orchestration classes: now, and tasks after a delay. Production uses the monotonic
 * clock and the event loop's timers (each task runs on the context that scheduled it); tests drive
 * the same code in virtual time. Callers are confined to one thread.
 */
public interface Scheduler extends TimeSource {
  /** Runs {@code task} once, {@code delayMs} from now (at least one millisecond). */
  void after(long delayMs, Runnable task);
}
