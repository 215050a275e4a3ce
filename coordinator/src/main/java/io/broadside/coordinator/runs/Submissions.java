package io.broadside.coordinator.runs;

import io.broadside.common.plan.Capacity;
import io.broadside.common.plan.Feedback;
import io.broadside.common.plan.LoadShape;
import io.broadside.common.plan.ParseResult;
import io.broadside.common.plan.Plan;
import io.broadside.common.plan.PlanFiles;
import io.broadside.common.plan.PlanParser;
import io.broadside.common.plan.Problem;
import io.broadside.common.time.Scheduler;
import io.broadside.coordinator.access.Destinations;
import io.broadside.coordinator.result.ResultWriter;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.Study;
import io.broadside.coordinator.study.Studies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Takes a plan: validates it on a worker thread (a dataset file is read), refuses a plan that names
 * a command unless hooks are allowed, and creates a pending run with its study and directory.
 */
final class Submissions {
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Vertx vertx;
  private final RunSettings settings;
  private final Scheduler time;
  private final ResultWriter results;

  Submissions(Vertx vertx, RunSettings settings, Scheduler time, ResultWriter results) {
    this.vertx = vertx;
    this.settings = settings;
    this.time = time;
    this.results = results;
  }

  /**
   * The pending run (its directory made), or every problem of the plan.
   *
   * @param files where the files the plan names may be
   * @param mayRunHooks whether the submitter may launch a plan that runs commands (an admin)
   */
  Future<RunManager.Submission> submit(String planText, PlanFiles files, boolean mayRunHooks) {
    Path baseDir = files.folder();
    return vertx
        .executeBlocking(
            () ->
                withDestinations(
                    PlanParser.parseWith(planText, files, settings.caps().plan()),
                    settings.destinations()))
        .compose(
            (ParseResult parsed) -> {
              if (!parsed.ok()) {
                return Future.succeededFuture(new RunManager.Submission(null, parsed.problems()));
              }
              Study study = Studies.of(parsed.plan());
              String hookPath = study.hookPath();
              if (hookPath != null && !settings.allowHooks()) {
                return Future.succeededFuture(
                    new RunManager.Submission(
                        null,
                        List.of(
                            new Problem(
                                hookPath,
                                "this coordinator does not run commands: start it with"
                                    + " --allow-hooks to run plans with hooks (whoever can submit"
                                    + " a plan could otherwise run any command on its host)"))));
              }
              if (hookPath != null && !mayRunHooks) {
                return Future.succeededFuture(
                    new RunManager.Submission(
                        null,
                        List.of(
                            new Problem(
                                hookPath,
                                "a plan that runs commands on the coordinator needs an admin"
                                    + " token")),
                        true));
              }
              String id = newId();
              Run run =
                  new Run(
                      id,
                      planText,
                      parsed.plan(),
                      baseDir,
                      settings.dataDir().resolve(id),
                      study,
                      time);
              return results.create(run).map(v -> new RunManager.Submission(run, List.of()));
            });
  }

  /**
   * The parse result, or every destination of its plan that {@code allowed} refuses, with its path
   * (blocking: names are resolved).
   */
  static ParseResult withDestinations(ParseResult parsed, Destinations allowed) {
    if (!parsed.ok()) {
      return parsed;
    }
    Plan plan = parsed.plan();
    Map<String, URI> urls = new LinkedHashMap<>();
    urls.put("$.target.url", plan.target().url());
    for (int i = 0; i < plan.models().size(); i++) {
      URI url = plan.models().get(i).url();
      if (url != null) {
        urls.put("$.models[" + i + "].url", url);
      }
    }
    LoadShape shape = plan.load().shape();
    if (shape instanceof Feedback f && f.prometheus() != null) {
      urls.put("$.load.feedback.prometheus", f.prometheus());
    } else if (shape instanceof Capacity c && c.prometheus() != null) {
      urls.put("$.load.capacity.memory.prometheus", c.prometheus());
    }
    List<Problem> problems = new ArrayList<>();
    Map<String, java.util.Optional<String>> byHost = new java.util.HashMap<>();
    urls.forEach(
        (path, url) -> {
          // a host is resolved once, however many models share it
          String why =
              byHost
                  .computeIfAbsent(
                      String.valueOf(url.getHost()),
                      h -> java.util.Optional.ofNullable(allowed.refusal(url)))
                  .orElse(null);
          if (why != null) {
            problems.add(new Problem(path, why));
          }
        });
    return problems.isEmpty() ? parsed : new ParseResult(null, problems, parsed.text());
  }

  private static String newId() {
    return LocalDateTime.now().format(ID_TIME)
        + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }
}
