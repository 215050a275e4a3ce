/**
 * A coordinator's runs: submission, scheduling onto idle agents, each study's start, the policy
 * when an agent is lost, and the run history read back from the data folder.
 */
package io.broadside.coordinator.runs;
