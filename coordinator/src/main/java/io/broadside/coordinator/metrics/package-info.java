/**
 * The coordinator's {@code /metrics}: merged histograms as Prometheus histograms (classic and
 * native buckets), exact window quantiles, counters and gauges, recomputed once per interval.
 */
package io.broadside.coordinator.metrics;
