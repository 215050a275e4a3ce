package io.broadside.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.plan.ParseResult;
import io.broadside.common.plan.PlanBundle;
import io.broadside.common.plan.PlanFiles;
import io.broadside.common.plan.PlanParser;
import io.broadside.common.summary.Summary;
import io.broadside.coordinator.runs.RunRecovery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code broadside run PLAN --coordinator URL}: the plan, with the files it names (a zip archive),
 * goes to a coordinator, which runs it on its agents; this prints the same live line and summary
 * table as a local run, from the run's live events, and exits with the same codes. Ctrl-C asks
 * whether to stop the run there too (without a terminal to ask, it stops it).
 */
final class RemoteRun {
  /** How long a lost event stream is tried again before the command gives up following. */
  static final Duration PATIENCE = Duration.ofMinutes(2);

  private record Event(String type, JsonNode data) {}

  private RemoteRun() {}

  static int execute(RemoteCoordinator coordinator, Path planFile, PrintStream out)
      throws IOException {
    Path folder = planFile.toAbsolutePath().getParent();
    String text = Files.readString(planFile);
    PlanFiles files = PlanFiles.besidePlan(folder).recording();
    ParseResult parsed = PlanParser.parseWith(text, files);
    if (!parsed.ok()) {
      ValidateCommand.printProblems(planFile.toString(), parsed);
      return ExitCode.INVALID_INPUT;
    }
    ValidateCommand.printWarnings(planFile.toString(), parsed);
    List<Path> used = files.used();
    RemoteCoordinator.Answer answer;
    if (used.isEmpty()) {
      answer =
          coordinator.post(
              "/api/v1/runs",
              "application/yaml",
              HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
    } else {
      Path zip = Files.createTempFile("broadside-plan-", ".zip");
      try {
        try (OutputStream o = Files.newOutputStream(zip)) {
          PlanBundle.write(text, folder, used, o);
        }
        out.printf(
            "sending the plan with %d file(s), %.1f MiB%n",
            used.size(), Files.size(zip) / (1024.0 * 1024));
        answer =
            coordinator.post(
                "/api/v1/runs", PlanBundle.MEDIA_TYPE, HttpRequest.BodyPublishers.ofFile(zip));
      } finally {
        Files.deleteIfExists(zip);
      }
    }
    if (answer.status() != 201) {
      out.println(
          "the coordinator did not start the plan (HTTP "
              + answer.status()
              + "): "
              + answer.error());
      return answer.status() == 400 || answer.status() == 403 || answer.status() == 413
          ? ExitCode.INVALID_INPUT
          : ExitCode.RUN_FAILED;
    }
    String id = answer.json().path("id").asText();
    String base = coordinator.base().toString();
    out.println("run " + id + " '" + parsed.plan().name() + "' → " + base);
    out.println("console: " + base + "/#/runs/" + id);
    out.println("metrics: " + base + "/metrics");
    return follow(coordinator, id, parsed, out);
  }

  private static int follow(
      RemoteCoordinator coordinator, String id, ParseResult parsed, PrintStream out)
      throws IOException {
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    IOException[] lost = {null};
    Thread reader =
        new Thread(
            () -> {
              try {
                coordinator.follow(id, (type, data) -> events.add(new Event(type, data)), PATIENCE);
              } catch (IOException e) {
                lost[0] = e;
                events.add(new Event("lost", null));
              }
            },
            "broadside-events");
    reader.setDaemon(true);
    reader.start();
    AtomicBoolean detached = new AtomicBoolean();
    AtomicBoolean stopAsked = new AtomicBoolean();
    RunReporter reporter = new RunReporter(out);
    Interrupts interrupts =
        new Interrupts(
            () -> {
              if (askStop(id, out)) {
                stopAsked.set(true);
                out.println(
                    "stopping run "
                        + id
                        + " on the coordinator; its agents flush what they measured (Ctrl-C again"
                        + " to leave it)");
                try {
                  coordinator.post(
                      "/api/v1/runs/" + id + "/stop",
                      "application/json",
                      HttpRequest.BodyPublishers.ofString("{}"));
                } catch (IOException e) {
                  out.println("could not stop it: " + e.getMessage());
                }
              } else {
                out.println(
                    "leaving run "
                        + id
                        + " to go on; follow it at "
                        + coordinator.base()
                        + "/#/runs/"
                        + id);
                detached.set(true);
                events.add(new Event("detached", null));
              }
            },
            () ->
                out.println(
                    "leaving at once: run "
                        + id
                        + " is the coordinator's (broadside stop "
                        + id
                        + " --coordinator "
                        + coordinator.base()
                        + ")"));
    try (interrupts) {
      while (true) {
        Event e;
        try {
          e = events.poll(1, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return ExitCode.RUN_FAILED;
        }
        if (e == null) {
          continue;
        }
        if (e.type().equals("detached")) {
          return Interrupts.EXIT;
        }
        if (e.type().equals("lost")) {
          out.println("run " + id + " could not be followed: " + lost[0].getMessage());
          return ExitCode.RUN_FAILED;
        }
        if (e.type().equals("end")) {
          break;
        }
        reporter.event(e.type(), e.data());
      }
    }
    JsonNode run = coordinator.get("/api/v1/runs/" + id).json();
    String status = run.path("status").asText();
    RemoteCoordinator.Answer summaryAnswer = coordinator.get("/api/v1/runs/" + id + "/summary");
    Summary summary =
        summaryAnswer.status() == 200 ? RunRecovery.parseSummary(summaryAnswer.body()) : null;
    if (summary != null) {
      reporter.summary(summary);
    }
    out.println();
    out.println(
        "run "
            + id
            + " "
            + status
            + (run.hasNonNull("error") ? ": " + run.get("error").asText() : ""));
    out.println("results: " + coordinator.base() + "/api/v1/runs/" + id);
    out.println("report: " + coordinator.base() + "/api/v1/runs/" + id + "/report");
    if (summary == null) {
      out.println("the coordinator has no summary of run " + id);
      return ExitCode.RUN_FAILED;
    }
    int exit =
        PlanExecution.verdict(
            status.equals("failed"), stopAsked.get(), parsed.plan().thresholds(), summary, out);
    io.broadside.common.plan.Gate gate = parsed.plan().gate();
    if (gate != null && (exit == ExitCode.PASSED || exit == ExitCode.THRESHOLD_FAILED)) {
      exit = Math.max(exit, gate(coordinator, gate, id, out));
    }
    return exit;
  }

  /**
   * The plan's regression gate against one of the coordinator's runs (the baseline's id), as a
   * local run's: each metric at its limit by the coordinator's compare; 1 on a regression, 2 when
   * the baseline is no run there (or a folder of this machine's, which the coordinator cannot see).
   */
  static int gate(
      RemoteCoordinator coordinator,
      io.broadside.common.plan.Gate gate,
      String current,
      PrintStream out)
      throws IOException {
    out.println();
    out.println(
        "gate: comparing with the baseline " + gate.baseline() + " on " + coordinator.base());
    if (gate.baselineDir() != null) {
      out.println(
          "gate: the baseline is a folder on this machine; a run on a coordinator compares with"
              + " one of its runs: give the baseline run's id");
      return ExitCode.INVALID_INPUT;
    }
    // the coordinator compares metrics at one limit a call: one call per limit
    java.util.Map<Double, List<String>> byLimit = new java.util.LinkedHashMap<>();
    gate.limits()
        .forEach(
            (metric, limit) ->
                byLimit.computeIfAbsent(limit, l -> new java.util.ArrayList<>()).add(metric));
    boolean regressed = false;
    for (var group : byLimit.entrySet()) {
      String query =
          "/api/v1/compare?baseline="
              + java.net.URLEncoder.encode(gate.baseline(), StandardCharsets.UTF_8)
              + "&current="
              + current
              + "&threshold="
              + java.net.URLEncoder.encode(
                  io.broadside.common.unit.Percent.format(group.getKey()), StandardCharsets.UTF_8)
              + "&metrics="
              + java.net.URLEncoder.encode(
                  String.join(",", group.getValue()), StandardCharsets.UTF_8);
      RemoteCoordinator.Answer a = coordinator.get(query);
      if (a.status() != 200) {
        out.println(
            "gate: "
                + (a.status() == 404
                    ? "no run " + gate.baseline() + " on the coordinator"
                    : "cannot compare: " + a.error()));
        return ExitCode.INVALID_INPUT;
      }
      JsonNode compared = a.json();
      for (JsonNode c : compared.path("changes")) {
        out.printf(
            java.util.Locale.ROOT,
            "%-12s %-14s %-12s %12s %12s %8s  %s%n",
            c.path("stage").asText(),
            c.path("model").asText(),
            c.path("metric").asText(),
            c.path("baseline").isNumber()
                ? String.format(java.util.Locale.ROOT, "%.4g", c.path("baseline").asDouble())
                : "-",
            c.path("current").isNumber()
                ? String.format(java.util.Locale.ROOT, "%.4g", c.path("current").asDouble())
                : "-",
            c.path("change").isNumber()
                ? String.format(java.util.Locale.ROOT, "%+.1f%%", c.path("change").asDouble() * 100)
                : "-",
            c.path("verdict").asText());
      }
      regressed |= compared.path("regressed").asInt() > 0;
    }
    if (regressed) {
      out.println("FAILED gate: a regression against " + gate.baseline());
      return ExitCode.THRESHOLD_FAILED;
    }
    return ExitCode.PASSED;
  }

  /** Whether to stop the run on the coordinator: asked on a terminal, yes without one. */
  private static boolean askStop(String id, PrintStream out) {
    if (System.console() == null) {
      return true;
    }
    out.print("stop run " + id + " on the coordinator too? [Y/n] ");
    out.flush();
    try {
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return line == null || !line.strip().toLowerCase(java.util.Locale.ROOT).startsWith("n");
    } catch (IOException e) {
      return true;
    }
  }
}
