package io.broadside.coordinator.store;

/**
 * The files of a run directory, the coordinator's store: every writer and reader names them from
 * here.
 */
public final class RunFiles {
  /** The plan as submitted. */
  public static final String PLAN = "plan.yaml";

  /** The run's status, times, agents and error, written when it ends. */
  public static final String RUN = "run.json";

  /** The merged summary, written when it ends. */
  public static final String SUMMARY = "summary.json";

  /** Every merged interval histogram (HdrHistogram log), appended as snapshots arrive. */
  public static final String HLOG = "histograms.hlog";

  /** Every counter delta and measured window (see {@link CounterLog}), appended likewise. */
  public static final String COUNTERS = "counters.tsv";

  /** The HTML report, written when it ends. */
  public static final String REPORT = "report.html";

  private RunFiles() {}
}
