package io.broadside.cli;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C while a run goes, as k6 and Locust do: the first stops the run cleanly (its agents stop
 * and flush, its results are written, the summary is printed, the exit code is 130); a second exits
 * at once, saying what was kept. SIGTERM (a process manager's stop) ends the run the same way as
 * the first Ctrl-C, within the JVM's shutdown.
 */
final class Interrupts implements AutoCloseable {
  /** The exit code of a run stopped by Ctrl-C (128 + SIGINT). */
  static final int EXIT = 130;

  private final AtomicInteger count = new AtomicInteger();
  private final sun.misc.Signal signal = new sun.misc.Signal("INT");
  private final sun.misc.SignalHandler previous;

  /**
   * @param first runs on the first Ctrl-C (on the signal's thread)
   * @param again runs on the second, before the process halts with 130
   */
  Interrupts(Runnable first, Runnable again) {
    previous =
        sun.misc.Signal.handle(
            signal,
            s -> {
              if (count.incrementAndGet() == 1) {
                first.run();
              } else {
                again.run();
                Runtime.getRuntime().halt(EXIT);
              }
            });
  }

  /** Whether Ctrl-C was pressed. */
  boolean interrupted() {
    return count.get() > 0;
  }

  @Override
  public void close() {
    sun.misc.Signal.handle(signal, previous);
  }
}
