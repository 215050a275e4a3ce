/**
 * The exact merge of agents' snapshots: a run's aggregate, the sliding windows of {@code /metrics},
 * live progress figures, and the lines of its histogram and counter logs.
 */
package io.broadside.coordinator.merge;
