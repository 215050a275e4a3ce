package io.broadside.coordinator.runs;

import io.broadside.common.plan.Capacity;
import io.broadside.common.plan.Feedback;
import io.broadside.common.plan.LoadShape;
import io.broadside.common.plan.ParseResult;
import io.broadside.common.plan.Plan;
import io.broadside.common.plan.PlanBundle;
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
    return vertx
        .executeBlocking(() -> accepted(planText, files.recording(), files.folder()))
        .compose(a -> create(a, newId(), mayRunHooks, false));
  }

  /**
   * A plan with its files in a zip archive: unpacked into the new run's directory and read there
   * (on a worker); the directory goes again when the archive or the plan is refused.
   */
  Future<RunManager.Submission> submitBundle(Path zip, boolean mayRunHooks) {
    String id = newId();
    Path runDir = settings.dataDir().resolve(id);
    Path bundleDir = runDir.resolve(BUNDLE);
    return vertx
        .executeBlocking(
            () -> {
              Accepted a;
              try {
                String text = unpack(zip, bundleDir);
                a =
                    accepted(
                        text,
                        PlanFiles.inside(bundleDir, "the plan's bundle").recording(),
                        bundleDir);
              } catch (PlanBundle.BundleException e) {
                a = new Accepted(null, List.of(new Problem("$", e.getMessage())), null);
              }
              if (a.parsed() == null || !a.parsed().ok()) {
                deleteTree(runDir);
              }
              return a;
            })
        .compose(a -> create(a, id, mayRunHooks, true));
  }

  /** Every problem of a plan (and its archive), as {@link #submit} would find them. */
  Future<RunManager.Validation> validate(String planText, Path zip) {
    return vertx.executeBlocking(
        () -> {
          if (zip == null) {
            return validation(accepted(planText, settings.apiPlanFiles().recording(), null));
          }
          Path dir = settings.dataDir().resolve(INCOMING).resolve("validate-" + newId());
          try {
            String text = unpack(zip, dir);
            return validation(accepted(text, PlanFiles.inside(dir, "the plan's bundle"), null));
          } catch (PlanBundle.BundleException e) {
            return new RunManager.Validation(List.of(new Problem("$", e.getMessage())), List.of());
          } finally {
            deleteTree(dir);
          }
        });
  }

  private static RunManager.Validation validation(Accepted a) {
    return new RunManager.Validation(
        a.problems(),
        a.parsed() != null && a.parsed().ok()
            ? io.broadside.common.plan.PlanWarnings.of(a.parsed().plan())
            : List.of());
  }

  /** The folder of a run's directory that holds the files its plan came with. */
  static final String BUNDLE = "bundle";

  /** The folder of the data directory where archives wait to be read (never a run's). */
  static final String INCOMING = ".incoming";

  private String unpack(Path zip, Path dest)
      throws java.io.IOException, PlanBundle.BundleException {
    try (var in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(zip))) {
      return PlanBundle.unpack(in, dest, settings.caps().bundle());
    }
  }

  private static void deleteTree(Path dir) {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  java.nio.file.Files.deleteIfExists(p);
                } catch (java.io.IOException e) {
                  // best effort: a leftover folder holds no run
                }
              });
    } catch (java.io.IOException e) {
      // best effort
    }
  }

  /** A parsed plan and the files it names, hashed (null without a folder or with problems). */
  private record Accepted(
      ParseResult parsed, List<Problem> problems, Path baseDir, List<PlanBundle.File> files) {
    Accepted(ParseResult parsed, List<Problem> problems, Path baseDir) {
      this(parsed, problems, baseDir, List.of());
    }
  }

  /** Parses (blocking: files are read and named hosts resolved) and hashes the files it names. */
  private Accepted accepted(String planText, PlanFiles files, Path baseDir)
      throws java.io.IOException {
    ParseResult parsed =
        withDestinations(
            PlanParser.parseWith(planText, files, settings.caps().plan()), settings.destinations());
    if (!parsed.ok()) {
      return new Accepted(parsed, parsed.problems(), baseDir);
    }
    List<Problem> problems = new ArrayList<>();
    String hookPath = Studies.of(parsed.plan()).hookPath();
    if (hookPath != null && !settings.allowHooks()) {
      problems.add(
          new Problem(
              hookPath,
              "this coordinator does not run commands: start it with"
                  + " --allow-hooks to run plans with hooks (whoever can submit"
                  + " a plan could otherwise run any command on its host)"));
    }
    List<PlanBundle.File> named =
        files.folder() == null || baseDir == null
            ? List.of()
            : PlanBundle.manifest(files.folder(), files.used());
    return new Accepted(parsed, problems, baseDir, named);
  }

  private Future<RunManager.Submission> create(
      Accepted a, String id, boolean mayRunHooks, boolean bundled) {
    if (!a.problems().isEmpty()) {
      return Future.succeededFuture(new RunManager.Submission(null, a.problems()));
    }
    ParseResult parsed = a.parsed();
    Study study = Studies.of(parsed.plan());
    String hookPath = study.hookPath();
    if (hookPath != null && !mayRunHooks) {
      return Future.succeededFuture(
          new RunManager.Submission(
              null,
              List.of(
                  new Problem(
                      hookPath,
                      "a plan that runs commands on the coordinator needs an admin token")),
              true));
    }
    Run run =
        new Run(
            id,
            parsed.text(),
            parsed.plan(),
            a.baseDir(),
            settings.dataDir().resolve(id),
            study,
            time);
    run.planFiles(a.files(), bundled);
    return results.create(run).map(v -> new RunManager.Submission(run, List.of()));
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
