/**
 * The run directory (plan.yaml, run.json, summary.json, histograms.hlog). Written through Vert.x's
 * asynchronous file system and worker threads, never on the event loop.
 */
package io.broadside.coordinator.result;
