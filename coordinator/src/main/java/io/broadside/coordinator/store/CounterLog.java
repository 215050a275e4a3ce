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
 * w stage model firstDispatchUs lastCompletionUs}, and for the parts of a (stage, model) kept apart
 * {@code pc stage model part name delta} and {@code pw stage model part first last}; each
 * snapshot's lines follow its interval line {@code i agent intervalStartUs intervalEndUs
 * activeUsers} (epoch µs in the coordinator's clock), which the report's timeline reads and the
 * read-back skips. Names are escaped ({@code \\t}, {@code \\n}, {@code \\r}, {@code \\\\}): a tab
 * or line break in a stage, model or agent name cannot make a line of its own.
 */
public final class CounterLog {
  private CounterLog() {}

  /**
   * Appends a snapshot's lines; {@code clock} is its agent's, the interval line is told in ours.
   */
  public static void append(StringBuilder out, String agent, ClockOffset clock, Snapshot s) {
    out.append("i\t")
        .append(escape(agent))
        .append('\t')
        .append(clock.toCoordinator(s.getIntervalStartUs()))
        .append('\t')
        .append(clock.toCoordinator(s.getIntervalEndUs()))
        .append('\t')
        .append(s.getActiveUsers())
        .append('\n');
    for (CounterDelta c : s.getCountersList()) {
      out.append("c\t")
          .append(escape(c.getStage()))
          .append('\t')
          .append(escape(c.getModel()))
          .append('\t')
          .append(escape(c.getName()))
          .append('\t')
          .append(c.getDelta())
          .append('\n');
    }
    for (StageWindow w : s.getWindowsList()) {
      out.append("w\t")
          .append(escape(w.getStage()))
          .append('\t')
          .append(escape(w.getModel()))
          .append('\t')
          .append(w.getFirstDispatchUs())
          .append('\t')
          .append(w.getLastCompletionUs())
          .append('\n');
    }
    appendParts(out, s);
  }

  /** Appends the snapshot's parts' lines: {@code pc stage model part name delta}, {@code pw …}. */
  private static void appendParts(StringBuilder out, Snapshot s) {
    for (CounterDelta c : s.getPartCountersList()) {
      out.append("pc\t")
          .append(escape(c.getStage()))
          .append('\t')
          .append(escape(c.getModel()))
          .append('\t')
          .append(escape(c.getPart()))
          .append('\t')
          .append(escape(c.getName()))
          .append('\t')
          .append(c.getDelta())
          .append('\n');
    }
    for (StageWindow w : s.getPartWindowsList()) {
      out.append("pw\t")
          .append(escape(w.getStage()))
          .append('\t')
          .append(escape(w.getModel()))
          .append('\t')
          .append(escape(w.getPart()))
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
        if (f.length == 6 && f[0].equals("pc")) {
          aggregate
              .part(unescape(f[1]), unescape(f[2]), unescape(f[3]))
              .addCounter(unescape(f[4]), Long.parseLong(f[5]));
          continue;
        }
        if (f.length == 6 && f[0].equals("pw")) {
          aggregate
              .part(unescape(f[1]), unescape(f[2]), unescape(f[3]))
              .widenWindow(Long.parseLong(f[4]), Long.parseLong(f[5]));
          continue;
        }
        if (f.length != 5) {
          continue; // a line cut short by the stop
        }
        if (f[0].equals("c")) {
          aggregate
              .cell(unescape(f[1]), unescape(f[2]))
              .addCounter(unescape(f[3]), Long.parseLong(f[4]));
        } else if (f[0].equals("w")) {
          aggregate
              .cell(unescape(f[1]), unescape(f[2]))
              .widenWindow(Long.parseLong(f[3]), Long.parseLong(f[4]));
        }
      }
    }
  }

  /** A name as one TSV field: backslash, tab and line breaks escaped. */
  static String escape(String name) {
    if (name.indexOf('\\') < 0
        && name.indexOf('\t') < 0
        && name.indexOf('\n') < 0
        && name.indexOf('\r') < 0) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The name {@link #escape} wrote. */
  public static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 1 < field.length()) {
        char n = field.charAt(++i);
        out.append(
            switch (n) {
              case 't' -> '\t';
              case 'n' -> '\n';
              case 'r' -> '\r';
              default -> n;
            });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
