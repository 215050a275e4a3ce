/**
 * Runs: the lifecycle state machine (pending → preparing → running → completed | stopped | failed),
 * the exact merge of agents' snapshots, and live progress. Owned by the coordinator's context.
 */
package io.broadside.coordinator.run;
