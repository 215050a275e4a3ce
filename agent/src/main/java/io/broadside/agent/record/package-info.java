/**
 * Recording per DESIGN.md §5: one {@link io.broadside.agent.record.LaneRecorder} per lane (event
 * loop), written only from that event loop, and interval histograms taken on it every interval.
 */
package io.broadside.agent.record;
