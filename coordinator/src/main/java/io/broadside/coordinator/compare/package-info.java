/**
 * Comparison of two finished runs (a baseline and a current one), as {@code broadside compare},
 * {@code GET /api/v1/compare} and a plan's {@code gate} do it: per stage, model and metric, the two
 * values from summary.json, their relative change, and a verdict that accounts for noise by a
 * Mann-Whitney U test over the runs' per-interval values from histograms.hlog.
 *
 * <p>Pure and blocking: {@link io.broadside.coordinator.compare.RunResults#read} reads files, so
 * callers on an event loop run it on a worker thread.
 */
package io.broadside.coordinator.compare;
