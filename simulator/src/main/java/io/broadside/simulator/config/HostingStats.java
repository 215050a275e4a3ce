package io.broadside.simulator.config;

import java.util.List;

/**
 * A snapshot of multi-model hosting's counters.
 *
 * @param loads model loads started so far
 * @param unloads models unloaded so far
 * @param loaded the models loaded now (not those still loading), least recently used first
 */
public record HostingStats(long loads, long unloads, List<String> loaded) {

  /** Copies the list. */
  public HostingStats {
    loaded = List.copyOf(loaded);
  }
}
