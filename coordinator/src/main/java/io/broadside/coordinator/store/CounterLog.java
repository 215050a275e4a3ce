package io.broadside.coordinator.store;

import io.broadside.common.summary.RunAggregate;
import io.broadside.common.time.ClockOffset;
import io.broadside.protocol.v1.CounterDelta;
import io.broadside.protocol.v1.Snapshot;
import io.broadside.protocol.v1.StageWindow;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code counters.tsv} of a run directory: every counter delta and measured window merged, one
 * tab-separated line each, appended as snapshots arrive (beside histograms.hlog), so a run that the
 * coordinator never finished can be read back exactly: {@code c stage model name delta} and {@code
 * w stage model firstDispatchUs lastCompletionUs}; each snapshot's lines follow its interval line
 * {@code i agent intervalStartUs intervalEndUs activeUsers} (epoch µs in the coordinator's clock),
 * which the report's timeline reads and the read-back skips.
 */
public final class CounterLog {
  private CounterLog() {}

  /**
   * Appends a snapshot's lines; {@code clock} is its agent's, the interval line is told in ours.
   */
  public static void append(StringBuilder out, String agent, ClockOffset clock, Snapshot s) {
    out.append("i\t")
        .append(agent)
        .append('\t')
        .append(clock.toCoordinator(s.getIntervalStartUs()))
        .append('\t')
        .append(clock.toCoordinator(s.getIntervalEndUs()))
        .append('\t')
        .append(s.getActiveUsers())
        .append('\n');
    for (CounterDelta c : s.getCountersList()) {
      out.append("c\t")
          .append(c.getStage())
          .append('\t')
          .append(c.getModel())
          .append('\t')
          .append(c.getName())
          .append('\t')
          .append(c.getDelta())
          .append('\n');
    }
    for (StageWindow w : s.getWindowsList()) {
      out.append("w\t")
          .append(w.getStage())
          .append('\t')
          .append(w.getModel())
          .append('\t')
          .append(w.getFirstDispatchUs())
          .append('\t')
          .append(w.getLastCompletionUs())
          .append('\n');
    }
  }

  /** Reads the log into the aggregate. Blocking. */
  public static void readInto(Path file, RunAggregate aggregate) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try (BufferedReader in = Files.newBufferedReader(file)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split("\t");
        if (f.length != 5) {
          continue; // a line cut short by the stop
        }
        if (f[0].equals("c")) {
          aggregate.cell(f[1], f[2]).addCounter(f[3], Long.parseLong(f[4]));
        } else if (f[0].equals("w")) {
          aggregate.cell(f[1], f[2]).widenWindow(Long.parseLong(f[3]), Long.parseLong(f[4]));
        }
      }
    }
  }
}
