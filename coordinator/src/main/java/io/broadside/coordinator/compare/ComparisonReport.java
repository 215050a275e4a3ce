package io.broadside.coordinator.compare;

import io.broadside.coordinator.compare.Comparison.Change;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link Comparison} as a console table, a JSON document and Markdown (for CI comments). */
public final class ComparisonReport {
  private ComparisonReport() {}

  /** The JSON document: runs, the rule's parameters, every change, and the counts of verdicts. */
  public static Map<String, Object> json(Comparison c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("baseline", c.baseline());
    out.put("current", c.current());
    out.put("test", Comparison.TEST);
    out.put("alpha", c.alpha());
    out.put(
        "changes",
        c.changes().stream()
            .map(
                ch -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("stage", ch.stage());
                  m.put("model", ch.model());
                  m.put("metric", ch.metric());
                  m.put("baseline", ch.baseline());
                  m.put("current", ch.current());
                  m.put("change", ch.change());
                  m.put("limit", ch.limit());
                  m.put("pValue", ch.pValue());
                  m.put(
                      "intervals",
                      Map.of("baseline", ch.baselineIntervals(), "current", ch.currentIntervals()));
                  m.put("higherIsWorse", ch.higherIsWorse());
                  m.put("verdict", ch.verdict().wire());
                  return m;
                })
            .toList());
    out.put("regressed", c.regressions().size());
    out.put("improved", c.improvements().size());
    out.put("notJudged", c.notJudged().size());
    return out;
  }

  /** One line per change, aligned, and a last line with the verdict. */
  public static String table(Comparison c) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%-14s %-16s %-14s %12s %12s %9s %7s %8s  %s%n",
            "stage",
            "model",
            "metric",
            "baseline",
            "current",
            "change",
            "limit",
            "p",
            "verdict"));
    for (Change ch : c.changes()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-14s %-16s %-14s %12s %12s %9s %7s %8s  %s%n",
              ch.stage(),
              ch.model(),
              ch.metric(),
              value(ch.metric(), ch.baseline()),
              value(ch.metric(), ch.current()),
              percent(ch.change()),
              limit(ch),
              p(ch.pValue()),
              verdict(ch)));
    }
    out.append(summaryLine(c)).append('\n');
    return out.toString();
  }

  /** A Markdown section: a heading line, the rule, a table of every change. */
  public static String markdown(Comparison c) {
    StringBuilder out = new StringBuilder();
    out.append("### Broadside: ").append(c.current()).append(" vs ").append(c.baseline());
    out.append("\n\n").append(summaryLine(c)).append("\n\n");
    out.append("| stage | model | metric | baseline | current | change | limit | p | verdict |\n");
    out.append("|---|---|---|---:|---:|---:|---:|---:|---|\n");
    for (Change ch : c.changes()) {
      String verdict =
          switch (ch.verdict()) {
            case REGRESSED -> "**regressed**";
            case IMPROVED -> "improved";
            case SAME -> "same";
            case NOT_JUDGED -> verdict(ch);
          };
      out.append(
          String.join(
                  " | ",
                  "| " + ch.stage(),
                  "`" + ch.model() + "`",
                  ch.metric(),
                  value(ch.metric(), ch.baseline()),
                  value(ch.metric(), ch.current()),
                  percent(ch.change()),
                  limit(ch),
                  p(ch.pValue()),
                  verdict)
              + " |\n");
    }
    out.append("\n")
        .append(Comparison.TEST)
        .append("; a change is regressed or improved only beyond its limit and with p < ")
        .append(fmt(c.alpha()))
        .append(".\n");
    return out.toString();
  }

  /** The verdict in words; not judged says why, with the counts. */
  private static String verdict(Change ch) {
    if (ch.verdict() != Comparison.Verdict.NOT_JUDGED) {
      return ch.verdict().wire();
    }
    return ch.baseline() == null || ch.current() == null
        ? "not judged: no value in " + (ch.baseline() == null ? "the baseline" : "the current run")
        : "not judged: too few samples ("
            + ch.baselineIntervals()
            + " and "
            + ch.currentIntervals()
            + " per-interval values)";
  }

  static String summaryLine(Comparison c) {
    List<Change> regressed = c.regressions();
    if (regressed.isEmpty()) {
      int notJudged = c.notJudged().size();
      return "no regression beyond the limits ("
          + c.improvements().size()
          + " improved, "
          + (notJudged == 0 ? "" : notJudged + " not judged: too few samples, ")
          + c.changes().size()
          + " compared)";
    }
    StringBuilder line = new StringBuilder("REGRESSED: ");
    for (int i = 0; i < regressed.size(); i++) {
      Change ch = regressed.get(i);
      line.append(i == 0 ? "" : "; ")
          .append(ch.metric())
          .append(' ')
          .append(percent(ch.change()))
          .append(" in ")
          .append(ch.stage())
          .append('/')
          .append(ch.model())
          .append(" (p=")
          .append(p(ch.pValue()))
          .append(')');
    }
    return line.toString();
  }

  /** Latencies in ms, throughput per second; "-" when missing. */
  private static String value(String metric, Double v) {
    if (v == null) {
      return "-";
    }
    return metric.contains(".")
        ? String.format(Locale.ROOT, "%.2f ms", v * 1e3)
        : String.format(Locale.ROOT, "%.1f/s", v);
  }

  private static String percent(Double change) {
    return change == null ? "-" : String.format(Locale.ROOT, "%+.1f%%", change * 100);
  }

  private static String limit(Change ch) {
    return String.format(
        Locale.ROOT, "%s%s%%", ch.higherIsWorse() ? "+" : "-", fmt(ch.limit() * 100));
  }

  private static String p(Double p) {
    return p == null ? "-" : p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
  }

  private static String fmt(double v) {
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
