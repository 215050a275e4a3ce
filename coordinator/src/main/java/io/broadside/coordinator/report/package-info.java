/**
 * The HTML report of a run: one self-contained file (the chart library inlined, no network when it
 * is viewed) built from a run directory alone — plan.yaml, run.json, summary.json, histograms.hlog
 * and counters.tsv. Blocking file work: callers on an event loop use {@code executeBlocking}.
 */
package io.broadside.coordinator.report;
