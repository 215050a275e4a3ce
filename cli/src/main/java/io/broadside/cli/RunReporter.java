package io.broadside.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.summary.LatencyStats;
import io.broadside.common.summary.Summary;
import java.io.PrintStream;
import java.util.Locale;

/** Prints a run's live progress line and its final summary table. */
final class RunReporter {
  private final PrintStream out;

  RunReporter(PrintStream out) {
    this.out = out;
  }

  /**
   * One live event of a run ({@code GET /api/v1/runs/{id}/events}, or an embedded run's own): a
   * progress line, each error class's first failure once, and a stage's or a step's line.
   */
  void event(String type, JsonNode e) {
    switch (type) {
      case "progress" -> progress(e);
      case "failure" ->
          // each error class is told once, with what the agent saw first
          out.printf(
              Locale.ROOT,
              "error %s (first, stage %s, model %s): %s%n",
              e.path("errorClass").asText(),
              e.path("stage").asText(),
              e.path("model").asText(),
              e.path("message").asText("").isEmpty() ? "-" : e.path("message").asText());
      case "step" -> out.println("step " + e.path("line").asText());
      default -> {}
    }
  }

  private void progress(JsonNode p) {
    String phase = p.path("phase").asText(p.path("status").asText());
    if (p.hasNonNull("stageRemainingS") && p.path("stageIndex").asInt(-1) >= 0) {
      phase += String.format(Locale.ROOT, " (%.0fs left)", p.path("stageRemainingS").asDouble());
    }
    out.printf(
        Locale.ROOT,
        "[%5.1fs / -%5.1fs] %s | users %4d | %7.1f req/s | %8.1f tok/s | TTFT p50 %s p99 %s | errors %d%s%s%n",
        p.path("elapsedS").asDouble(),
        p.path("remainingS").asDouble(),
        phase,
        p.path("activeUsers").asInt(),
        p.path("requestsPerS").asDouble(),
        p.path("tokensPerS").asDouble(),
        ms(number(p.path("ttft").path("p50"))),
        ms(number(p.path("ttft").path("p99"))),
        p.path("errors").asLong(),
        byClass(p.path("errorsByClass")),
        p.path("study").isTextual() ? " | " + p.path("study").asText() : "");
  }

  private static Double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : null;
  }

  /** The three most frequent error classes: {@code (connect 9961, http_404 3)}. */
  private static String byClass(JsonNode counts) {
    if (counts.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(" (");
    int n = 0;
    for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) counts::fields) {
      if (n == 3) {
        b.append(", …");
        break;
      }
      b.append(n++ == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue().asLong());
    }
    return b.append(')').toString();
  }

  /** Stages with more models than this print only their sum. */
  private static final int MODEL_ROWS = 12;

  /** The widths of the stage and model columns: their longest name, within limits. */
  private int stageWidth = 12;

  private int modelWidth = 14;

  /** The longest a name column grows; a longer name is cut with an ellipsis. */
  static final int MAX_NAME = 40;

  void summary(Summary s) {
    stageWidth = 12;
    modelWidth = 14;
    for (Summary.Stage stage : s.stages()) {
      stageWidth = Math.max(stageWidth, Math.min(MAX_NAME, stage.name().length() + 2));
      for (Summary.Row row : stage.models()) {
        modelWidth = Math.max(modelWidth, Math.min(MAX_NAME, String.valueOf(row.model()).length()));
      }
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "%-" + stageWidth + "s %-" + modelWidth + "s %7s %6s %8s %9s %17s %17s %17s %17s %9s%n",
        "stage",
        "model",
        "ok",
        "failed",
        "req/s",
        "tok/s",
        "TTFT p50/p99 ms",
        "TPOT p50/p99 ms",
        "ITL p50/p99 ms",
        "e2e p50/p99 ms",
        "goodput/s");
    for (Summary.Stage stage : s.stages()) {
      // a sweep's knee is starred
      String name =
          s.sweep() != null && stage.name().equals(s.sweep().knee())
              ? stage.name() + " *"
              : stage.name();
      if (stage.models().size() > MODEL_ROWS) {
        // hundreds of models (a scale study): their sum; summary.json has every row
        row(name, stage.all());
        out.printf(
            Locale.ROOT,
            "%-" + stageWidth + "s (%d models: each in summary.json)%n",
            "",
            stage.models().size());
        continue;
      }
      for (Summary.Row row : stage.models()) {
        boolean idle =
            row.requests().ok() + row.requests().failed() + row.requests().dropped() == 0;
        if (!idle || stage.models().size() == 1) {
          row(name, row); // a model the stage sent nothing to is left out
        }
      }
      if (stage.models().size() > 1) {
        row(name, stage.all());
      }
    }
    stageCosts(s);
    failures(s);
    notes(s);
    if (s.sweep() != null) {
      out.println("sweep: " + s.sweep().verdict());
    }
    if (s.search() != null) {
      for (Summary.SearchStep step : s.search().steps()) {
        out.printf(
            Locale.ROOT,
            "%s: %-8s %4d users%s%s  %8.2f req/s %9.1f tok/s  %s%n",
            s.search().kind(),
            step.stage(),
            step.users(),
            step.models() == null ? "" : String.format(Locale.ROOT, " %3d models", step.models()),
            step.value() == null ? "" : String.format(Locale.ROOT, "  value %.4g", step.value()),
            step.requestsPerS(),
            step.outputTokensPerS(),
            step.held()
                ? "held"
                : switch (s.search().kind()) {
                  case "bisect" -> "broke";
                  case "capacity" -> "full";
                  default -> "off target";
                });
      }
      if (s.saturation() == null) {
        out.println(s.search().kind() + ": " + s.search().verdict());
      }
    }
    if (s.saturation() != null) {
      out.println("saturation: " + s.saturation().verdict());
    }
    if (s.scale() != null) {
      Summary.Spread v = s.scale().validationS();
      out.println("scale: " + s.scale().verdict());
      if (v.count() > 0) {
        out.printf(
            Locale.ROOT,
            "scale: validation e2e min %.1f ms, Q1 %.1f, median %.1f, Q3 %.1f, p90 %.1f, max %.1f ms"
                + " over %d requests%n",
            v.min() * 1e3,
            v.q1() * 1e3,
            v.median() * 1e3,
            v.q3() * 1e3,
            v.p90() * 1e3,
            v.max() * 1e3,
            v.count());
      }
    }
    if (s.rounds() != null) {
      for (Summary.ModelRound r : s.rounds()) {
        if (r.change() == null) {
          continue;
        }
        out.printf(
            Locale.ROOT,
            "rounds: %-14s concurrent vs alone: TTFT p50 %s, TPOT p50 %s, e2e p50 %s, output tokens/s %s%n",
            r.model(),
            percent(r.change().ttftP50()),
            percent(r.change().tpotP50()),
            percent(r.change().e2eP50()),
            percent(r.change().outputTokensPerS()));
      }
    }
    Summary.Generator g = s.generator();
    if (g != null && g.saturated()) {
      out.println("WARNING generator saturated: " + g.reason());
    } else if (g != null && Summary.Generator.STALLS.equals(g.verdict())) {
      out.println("note: generator stalled briefly: " + g.reason());
    }
  }

  /** Each error class: its count and the first failure the agents saw. */
  private void failures(Summary s) {
    if (s.failures() == null || s.failures().isEmpty()) {
      return;
    }
    out.println("errors by class (count, then the first failure):");
    for (Summary.Failure f : s.failures()) {
      out.printf(
          Locale.ROOT,
          "  %-16s %8d  %s%n",
          f.errorClass(),
          f.count(),
          f.detail() == null
              ? "-"
              : "stage " + f.stage() + ", model " + f.model() + ": " + f.detail());
    }
  }

  /** What the figures leave out: requests cut at the graceful stop, values over the range. */
  private void notes(Summary s) {
    long outOfRange = 0;
    for (Summary.Stage stage : s.stages()) {
      outOfRange += stage.all().outOfRange();
    }
    long interrupted = s.requests().interrupted();
    if (interrupted > 0) {
      out.printf(
          Locale.ROOT,
          "note: %d request(s) still in flight at the graceful stop (load.gracefulStop after the"
              + " end) were cut and counted as interrupted, not failed%n",
          interrupted);
    }
    if (outOfRange > 0) {
      out.printf(
          Locale.ROOT,
          "note: %d latency value(s) over one hour were recorded as one hour; the percentiles they"
              + " reach are lower bounds%n",
          outOfRange);
    }
  }

  private static String percent(Double change) {
    return change == null ? "-" : String.format(Locale.ROOT, "%+.1f%%", change * 100);
  }

  private void row(String stage, Summary.Row r) {
    out.printf(
        Locale.ROOT,
        "%-"
            + stageWidth
            + "s %-"
            + modelWidth
            + "s %7d %6d %8.2f %9.1f %17s %17s %17s %17s %9.2f%n",
        cut(stage, stageWidth),
        cut(String.valueOf(r.model()), modelWidth),
        r.requests().ok(),
        r.requests().failed(),
        r.throughput().requestsPerS(),
        r.throughput().outputTokensPerS(),
        pair(r.latency().get("ttft")),
        pair(r.latency().get("tpot")),
        pair(r.latency().get("itl")),
        pair(r.latency().get("e2e")),
        r.goodputPerS());
  }

  private static String cut(String name, int width) {
    return name.length() <= width ? name : name.substring(0, width - 1) + "…";
  }

  private void stageCosts(Summary s) {
    for (Summary.Stage stage : s.stages()) {
      Summary.CostFigures c = stage.all().cost();
      if (c != null && c.usdPerMillionTokens() != null) {
        out.printf(
            Locale.ROOT,
            "%-12s cost: %.2f USD and %.1f minutes per million output tokens%n",
            stage.name(),
            c.usdPerMillionTokens(),
            c.minutesPerMillionTokens());
      }
    }
  }

  private static String pair(LatencyStats l) {
    return ms(l.p50()) + " / " + ms(l.p99());
  }

  private static String ms(Double seconds) {
    return seconds == null ? "-" : String.format(Locale.ROOT, "%.1f", seconds * 1000);
  }
}
