package io.broadside.agent.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU of the thread that asks, as a share of one core since it last asked: a lane's own load,
 * without the JIT compiler, the GC or anything else the process runs. Always asked from the same
 * thread (the lane's event loop); 0 where the JVM cannot measure thread CPU.
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private long lastCpuNanos = -1;
  private long lastWallNanos;

  /** The share of one core (0..1) this thread used since the last call; 0 on the first. */
  double sinceLast() {
    if (!THREADS.isCurrentThreadCpuTimeSupported()) {
      return 0;
    }
    long cpuNanos = THREADS.getCurrentThreadCpuTime();
    long wallNanos = System.nanoTime();
    double ratio =
        lastCpuNanos < 0 || wallNanos <= lastWallNanos
            ? 0
            : Math.min(1, (cpuNanos - lastCpuNanos) / (double) (wallNanos - lastWallNanos));
    lastCpuNanos = cpuNanos;
    lastWallNanos = wallNanos;
    return ratio;
  }
}
