/**
 * Turning merged histograms and exact counters into the numbers of summary.json (DESIGN.md §5, §7).
 * {@link io.broadside.common.summary.RunAggregate} is mutable and owned by one thread; the summary
 * records are immutable.
 */
package io.broadside.common.summary;
