package io.broadside.agent.control;

import java.lang.management.ManagementFactory;

/** This process's recent CPU use as a share of all cores (0..1), or 0 where the JVM cannot say. */
final class ProcessCpu {
  private static final java.lang.management.OperatingSystemMXBean OS =
      ManagementFactory.getOperatingSystemMXBean();

  private ProcessCpu() {}

  static double ratio() {
    if (OS instanceof com.sun.management.OperatingSystemMXBean os) {
      double load = os.getProcessCpuLoad();
      return load < 0 ? 0 : load;
    }
    return 0;
  }
}
