package io.broadside.coordinator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.plan.Gate;
import io.broadside.common.plan.PlanBundle;
import io.broadside.common.plan.PlanLines;
import io.broadside.common.plan.Problem;
import io.broadside.common.summary.Summary;
import io.broadside.common.unit.Percent;
import io.broadside.coordinator.access.AccessPolicy;
import io.broadside.coordinator.access.Role;
import io.broadside.coordinator.agent.AgentRegistry;
import io.broadside.coordinator.agent.AgentSession;
import io.broadside.coordinator.compare.CompareException;
import io.broadside.coordinator.compare.Comparer;
import io.broadside.coordinator.compare.Comparison;
import io.broadside.coordinator.compare.ComparisonReport;
import io.broadside.coordinator.report.RunReport;
import io.broadside.coordinator.result.RunJson;
import io.broadside.coordinator.result.S3Upload;
import io.broadside.coordinator.run.Run;
import io.broadside.coordinator.run.RunEvents;
import io.broadside.coordinator.runs.RunManager;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Routes of the REST API. Handlers never block: plan parsing and file I/O run on workers. */
public final class RestApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_PLAN_BYTES = 4 * 1024 * 1024;

  private final RunManager runs;
  private final AgentRegistry agents;
  private final Handler<RoutingContext> metrics;
  private final AccessPolicy access;
  private final RunListing listing = new RunListing();

  /**
   * {@code metrics} serves {@code GET /metrics} (Prometheus); {@code access} admits each request
   * first.
   */
  public RestApi(
      RunManager runs, AgentRegistry agents, Handler<RoutingContext> metrics, AccessPolicy access) {
    this.runs = runs;
    this.agents = agents;
    this.metrics = metrics;
    this.access = access;
  }

  public Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(access);
    router.get("/health").handler(ctx -> send(ctx, 200, Map.of("status", "UP")));
    router.get("/metrics").handler(metrics);
    // a plan with its files (a zip archive) streams to a file of its own, capped as it arrives
    router
        .post("/api/v1/runs")
        .consumes(PlanBundle.MEDIA_TYPE)
        .handler(
            ctx ->
                receiveBundle(
                    ctx, zip -> submitted(ctx, runs.submitBundle(zip, admin(ctx)), zip, null)));
    router
        .post("/api/v1/validate")
        .consumes(PlanBundle.MEDIA_TYPE)
        .handler(
            ctx -> receiveBundle(ctx, zip -> validated(ctx, runs.validate(null, zip), null, zip)));
    // no multipart file uploads: nothing is ever written to an uploads folder
    router.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_PLAN_BYTES));
    router.post("/api/v1/runs").handler(this::submit);
    router.post("/api/v1/validate").handler(this::validate);
    router.get("/api/v1/runs").handler(this::list);
    router.get("/api/v1/runs/:id").handler(this::get);
    router.get("/api/v1/runs/:id/summary").handler(this::summary);
    router.get("/api/v1/runs/:id/report").handler(this::report);
    router.get("/api/v1/runs/:id/events").handler(this::events);
    router.get("/api/v1/runs/:id/files/:name").handler(this::file);
    router.post("/api/v1/runs/:id/stop").handler(this::stop);
    router.delete("/api/v1/runs/:id").handler(this::delete);
    router.post("/api/v1/runs/:id/upload").handler(ctx -> upload(vertx, ctx));
    router.get("/api/v1/agents").handler(this::agents);
    router.get("/api/v1/compare").handler(this::compare);
    router.post("/api/v1/compare").handler(this::compare);
    router.get("/api/v1/openapi.yaml").handler(this::openApi);
    new ConsoleRoutes(access).mount(router);
    return router;
  }

  private static boolean admin(RoutingContext ctx) {
    return AccessPolicy.caller(ctx).role().allows(Role.ADMIN);
  }

  private void submit(RoutingContext ctx) {
    String text = planText(ctx);
    if (text != null) {
      submitted(ctx, runs.submitFromApi(text, admin(ctx)), null, text);
    }
  }

  /** The request's plan text, or null after answering 400 for an empty body. */
  private static String planText(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      send(
          ctx,
          400,
          Map.of(
              "errors",
              List.of(
                  Map.of(
                      "path",
                      "$",
                      "message",
                      "the request body must be a plan (YAML or JSON), or a zip archive of a plan"
                          + " (plan.yaml) and its files"))));
      return null;
    }
    return text;
  }

  private void submitted(
      RoutingContext ctx,
      io.vertx.core.Future<RunManager.Submission> submission,
      Path zip,
      String text) {
    afterDeleting(ctx.vertx(), zip, submission)
        .onSuccess(
            s -> {
              if (s.busy()) {
                ctx.response().putHeader("Retry-After", "10");
                send(ctx, 429, Map.of("errors", problems(s.problems(), null)));
              } else if (s.forbidden()) {
                send(ctx, 403, Map.of("errors", problems(s.problems(), null)));
              } else if (s.run() == null) {
                send(
                    ctx,
                    400,
                    Map.of(
                        "errors",
                        problems(s.problems(), text == null ? null : PlanLines.of(text))));
              } else {
                ctx.put(AccessPolicy.AUDIT_RUN, s.run().id());
                ctx.put(
                    AccessPolicy.AUDIT_TARGET,
                    AccessPolicy.destination(s.run().plan().target().url()));
                ctx.response().putHeader("Location", "/api/v1/runs/" + s.run().id());
                send(ctx, 201, Map.of("id", s.run().id(), "status", s.run().status().wire()));
              }
            })
        .onFailure(ctx::fail);
  }

  /**
   * {@code POST /api/v1/validate}: every problem of a plan as a submission would find it, each with
   * its JSON path and the line of the text it is at; 200 either way.
   */
  private void validate(RoutingContext ctx) {
    String text = planText(ctx);
    if (text != null) {
      validated(ctx, runs.validate(text, null), text, null);
    }
  }

  private void validated(
      RoutingContext ctx,
      io.vertx.core.Future<RunManager.Validation> checked,
      String text,
      Path zip) {
    afterDeleting(ctx.vertx(), zip, checked)
        .onSuccess(
            v -> {
              PlanLines lines = text == null ? null : PlanLines.of(text);
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("valid", v.problems().isEmpty());
              out.put("problems", problems(v.problems(), lines));
              out.put("warnings", problems(v.warnings(), lines));
              send(ctx, 200, out);
            })
        .onFailure(ctx::fail);
  }

  /**
   * Streams a zip body into the coordinator's incoming folder, refusing it with 413 once it passes
   * the archive limit, then hands the file over (which the receiver deletes once read).
   */
  private void receiveBundle(RoutingContext ctx, Consumer<Path> then) {
    HttpServerRequest req = ctx.request();
    req.pause();
    long max = runs.maxBundleBytes();
    String length = req.getHeader("Content-Length");
    if (length != null && parseLong(length) > max) {
      tooLarge(ctx, max);
      return;
    }
    var fs = ctx.vertx().fileSystem();
    Path file = runs.incomingDir().resolve(java.util.UUID.randomUUID() + ".zip");
    fs.mkdirs(runs.incomingDir().toString())
        .compose(
            v ->
                fs.open(
                    file.toString(),
                    new io.vertx.core.file.OpenOptions()
                        .setWrite(true)
                        .setCreateNew(true)
                        .setPerms("rw-------")))
        .onFailure(ctx::fail)
        .onSuccess(
            out -> {
              long[] received = {0};
              boolean[] refused = {false};
              req.handler(
                  buf -> {
                    if (refused[0]) {
                      return;
                    }
                    received[0] += buf.length();
                    if (received[0] > max) {
                      refused[0] = true;
                      out.close().onComplete(c -> deleteQuietly(ctx.vertx(), file));
                      tooLarge(ctx, max);
                      return;
                    }
                    out.write(buf);
                    if (out.writeQueueFull()) {
                      req.pause();
                      out.drainHandler(d -> req.resume());
                    }
                  });
              req.exceptionHandler(
                  e -> {
                    refused[0] = true;
                    out.close().onComplete(c -> deleteQuietly(ctx.vertx(), file));
                  });
              req.endHandler(
                  v -> {
                    if (!refused[0]) {
                      out.close()
                          .onSuccess(c -> then.accept(file))
                          .onFailure(
                              e -> {
                                deleteQuietly(ctx.vertx(), file);
                                ctx.fail(e);
                              });
                    }
                  });
              req.resume();
            });
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void tooLarge(RoutingContext ctx, long max) {
    ctx.response().putHeader("Connection", "close");
    send(
        ctx,
        413,
        Map.of(
            "errors",
            List.of(
                Map.of(
                    "path",
                    "$",
                    "message",
                    "the archive is larger than this coordinator takes ("
                        + max / (1024 * 1024)
                        + " MiB; its --max-bundle-mb)"))));
  }

  /**
   * {@code outcome}, once the archive it read is deleted (or could not be): the answer goes out
   * with no archive left behind.
   */
  private static <T> io.vertx.core.Future<T> afterDeleting(
      Vertx vertx, Path zip, io.vertx.core.Future<T> outcome) {
    if (zip == null) {
      return outcome;
    }
    return outcome.eventually(() -> vertx.fileSystem().delete(zip.toString()));
  }

  private static void deleteQuietly(Vertx vertx, Path file) {
    if (file != null) {
      vertx.fileSystem().delete(file.toString()).onFailure(e -> {});
    }
  }

  private void list(RoutingContext ctx) {
    String tag = ctx.request().getParam("tag");
    listing
        .rows(ctx.vertx(), runs.all().stream().filter(r -> tag == null || hasTag(r, tag)).toList())
        .onSuccess(rows -> send(ctx, 200, rows))
        .onFailure(ctx::fail);
  }

  private static boolean hasTag(Run run, String tag) {
    int colon = tag.indexOf(':');
    return colon < 0
        ? run.plan().tags().containsKey(tag)
        : tag.substring(colon + 1).equals(run.plan().tags().get(tag.substring(0, colon)));
  }

  private void get(RoutingContext ctx) {
    withRun(
        ctx,
        run -> {
          Map<String, Object> m = RunJson.of(run);
          m.put("activeUsers", run.agents().activeUsers());
          // a study's progress in a line (a scale study: models created, ready, failed)
          m.put("studyProgress", run.study().progress());
          withSummary(
              ctx,
              run,
              summary -> {
                m.put("summary", summary);
                send(ctx, 200, m);
              });
        });
  }

  private void summary(RoutingContext ctx) {
    withRun(ctx, run -> withSummary(ctx, run, summary -> send(ctx, 200, summary)));
  }

  /** The run's summary: from memory, or from its summary.json on a worker (a compacted run). */
  private static void withSummary(RoutingContext ctx, Run run, Consumer<Summary> then) {
    if (!run.summaryOnDisk()) {
      then.accept(run.summary());
      return;
    }
    ctx.vertx().executeBlocking(run::summary).onSuccess(then::accept).onFailure(ctx::fail);
  }

  /**
   * The run's HTML report, rendered from its directory on a worker (the live summary until the run
   * has written summary.json).
   */
  private void report(RoutingContext ctx) {
    withRun(
        ctx,
        run -> {
          // summary.json stands once written; the live summary stands in until then
          JsonNode live = run.summaryOnDisk() ? null : JSON.valueToTree(run.summary());
          Path dir = run.dir();
          ctx.vertx()
              .executeBlocking(
                  () -> List.of(RunReport.render(dir, live), RunReport.contentSecurityPolicy(true)))
              .onSuccess(
                  page ->
                      ctx.response()
                          .putHeader("Content-Type", "text/html; charset=utf-8")
                          .putHeader("Content-Security-Policy", page.get(1))
                          .end(page.get(0)))
              .onFailure(ctx::fail);
        });
  }

  private void stop(RoutingContext ctx) {
    withRun(
        ctx,
        run -> {
          boolean stopping = runs.stop(run.id());
          send(ctx, stopping ? 202 : 409, Map.of("id", run.id(), "status", run.status().wire()));
        });
  }

  /**
   * Uploads an ended run's directory to S3-compatible storage: body {@code {url:
   * s3://bucket/prefix, endpoint, region}}; 200 with the keys written, 400 for a bad body, 409
   * while the run goes on, 502 when the storage refused. The upload runs on a worker thread.
   */
  private void upload(Vertx vertx, RoutingContext ctx) {
    withRun(
        ctx,
        run -> {
          if (!run.status().ended()) {
            send(ctx, 409, Map.of("error", "run " + run.id() + " has not ended"));
            return;
          }
          S3Upload.Target target;
          try {
            JsonObject body = ctx.body().asJsonObject();
            String endpoint = body == null ? null : body.getString("endpoint");
            target =
                S3Upload.Target.parse(
                    body == null ? "" : body.getString("url", ""),
                    endpoint == null ? null : java.net.URI.create(endpoint),
                    body == null ? null : body.getString("region"));
          } catch (RuntimeException e) {
            send(ctx, 400, Map.of("error", "url " + e.getMessage()));
            return;
          }
          ctx.put(
              AccessPolicy.AUDIT_TARGET,
              "s3://"
                  + target.bucket()
                  + (target.endpoint() == null
                      ? ""
                      : " at " + AccessPolicy.destination(target.endpoint())));
          vertx
              .executeBlocking(
                  () -> {
                    // checked before any connection: an endpoint is resolved here
                    String why =
                        target.endpoint() == null
                            ? null
                            : runs.destinations().refusal(target.endpoint());
                    if (why != null) {
                      throw new RefusedDestination("endpoint " + why);
                    }
                    return S3Upload.uploadRun(run.dir(), target);
                  },
                  false)
              .onSuccess(keys -> send(ctx, 200, Map.of("bucket", target.bucket(), "keys", keys)))
              .onFailure(
                  e ->
                      send(
                          ctx,
                          e instanceof RefusedDestination ? 400 : 502,
                          Map.of("error", String.valueOf(e.getMessage()))));
        });
  }

  /** Removes an ended run and its directory: 204; 409 while it is going; 404 when unknown. */
  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    runs.delete(id)
        .onSuccess(
            found -> {
              if (found) {
                listing.forget(id);
                ctx.response().setStatusCode(204).end();
              } else {
                send(ctx, 404, Map.of("error", "no run " + id));
              }
            })
        .onFailure(
            e ->
                send(
                    ctx,
                    e instanceof IllegalStateException ? 409 : 500,
                    Map.of("error", String.valueOf(e.getMessage()))));
  }

  /**
   * {@code ?baseline=ID&current=ID[&threshold=5%][&metrics=tpot.p99,throughput][&alpha=0.01]
   * [&format=markdown]}: the comparison of two of this coordinator's runs, read on a worker.
   */
  private void compare(RoutingContext ctx) {
    String baselineId = ctx.request().getParam("baseline");
    String currentId = ctx.request().getParam("current");
    if (baselineId == null || currentId == null) {
      send(ctx, 400, Map.of("error", "give the runs to compare: ?baseline=ID&current=ID"));
      return;
    }
    Optional<Run> baseline = runs.get(baselineId);
    Optional<Run> current = runs.get(currentId);
    if (baseline.isEmpty() || current.isEmpty()) {
      send(ctx, 404, Map.of("error", "no run " + (baseline.isEmpty() ? baselineId : currentId)));
      return;
    }
    Map<String, Double> limits = new LinkedHashMap<>();
    double alpha;
    try {
      String thresholdText = ctx.request().getParam("threshold");
      double threshold =
          thresholdText == null ? Gate.DEFAULT_THRESHOLD : Percent.parse(thresholdText.strip());
      String metrics = ctx.request().getParam("metrics");
      for (String m : metrics == null ? Gate.DEFAULT_METRICS : List.of(metrics.split(","))) {
        limits.put(m.strip(), threshold);
      }
      String alphaText = ctx.request().getParam("alpha");
      alpha = alphaText == null ? Comparer.ALPHA : Double.parseDouble(alphaText);
      if (!(alpha > 0 && alpha < 1)) {
        throw new IllegalArgumentException("alpha must be between 0 and 1, was " + alphaText);
      }
    } catch (IllegalArgumentException e) {
      send(ctx, 400, Map.of("error", e.getMessage()));
      return;
    }
    boolean markdown = "markdown".equals(ctx.request().getParam("format"));
    Path baselineDir = baseline.get().dir();
    Path currentDir = current.get().dir();
    ctx.vertx()
        .executeBlocking(
            () -> {
              try {
                return Comparer.compare(baselineDir, currentDir, limits, alpha);
              } catch (CompareException e) {
                return e;
              }
            })
        .onSuccess(
            result -> {
              if (result instanceof CompareException e) {
                send(ctx, 400, Map.of("error", e.getMessage()));
              } else if (markdown) {
                ctx.response()
                    .putHeader("Content-Type", "text/markdown")
                    .end(ComparisonReport.markdown((Comparison) result));
              } else {
                send(ctx, 200, ComparisonReport.json((Comparison) result));
              }
            })
        .onFailure(ctx::fail);
  }

  private void agents(RoutingContext ctx) {
    List<Map<String, Object>> out =
        agents.all().stream()
            .map(
                (AgentSession a) -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("id", a.id());
                  m.put("host", a.hello().getHost());
                  m.put("cores", a.hello().getCores());
                  m.put("maxUsers", a.hello().getMaxUsers());
                  m.put("state", a.state().name().toLowerCase(java.util.Locale.ROOT));
                  m.put(
                      "lastHeartbeat",
                      Instant.ofEpochSecond(0, a.lastHeartbeatUs() * 1000).toString());
                  // its health in the run it takes part in, if any
                  Run run =
                      runs.all().stream()
                          .filter(r -> !r.status().ended() && r.agents().involves(a.id()))
                          .findFirst()
                          .orElse(null);
                  var health =
                      run == null
                          ? null
                          : run.agents().health().stream()
                              .filter(h -> h.agent().equals(a.id()))
                              .findFirst()
                              .orElse(null);
                  m.put("runId", run == null ? null : run.id());
                  m.put("cpuRatio", health == null ? null : health.cpuRatio());
                  m.put("loopDelayMs", health == null ? null : health.loopDelaySeconds() * 1000);
                  m.put("saturated", health != null && health.saturated());
                  return m;
                })
            .toList();
    send(ctx, 200, out);
  }

  private void openApi(RoutingContext ctx) {
    ctx.vertx()
        .executeBlocking(
            () -> {
              try (var in = RestApi.class.getResourceAsStream("/openapi.yaml")) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
              }
            })
        .onSuccess(text -> ctx.response().putHeader("Content-Type", "application/yaml").end(text))
        .onFailure(ctx::fail);
  }

  /** An upload's endpoint this coordinator does not reach. */
  private static final class RefusedDestination extends RuntimeException {
    RefusedDestination(String message) {
      super(message, null, false, false);
    }
  }

  private void withRun(RoutingContext ctx, Consumer<Run> action) {
    runs.get(ctx.pathParam("id"))
        .ifPresentOrElse(
            action, () -> send(ctx, 404, Map.of("error", "no run " + ctx.pathParam("id"))));
  }

  /** Problems as JSON, each with its line in {@code lines} when given. */
  private static List<Map<String, Object>> problems(List<Problem> problems, PlanLines lines) {
    return problems.stream()
        .map(
            p -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("path", p.path());
              m.put("message", p.message());
              if (lines != null) {
                m.put("line", lines.line(p.path()));
              }
              return m;
            })
        .toList();
  }

  /**
   * {@code GET /api/v1/runs/{id}/events}: the run's live events as server-sent events ({@link
   * RunEvents}), from after {@code Last-Event-ID} (the header, or {@code ?lastEventId=}), then as
   * they come, until the end event. A comment every 15 s keeps idle proxies from closing it.
   */
  private void events(RoutingContext ctx) {
    withRun(
        ctx,
        run -> {
          String header = ctx.request().getHeader("Last-Event-ID");
          if (header == null) {
            header = ctx.request().getParam("lastEventId");
          }
          long last = header == null ? 0 : Math.max(0, parseLong(header));
          HttpServerResponse res = ctx.response();
          res.setChunked(true)
              .putHeader("Content-Type", "text/event-stream; charset=utf-8")
              .putHeader("Cache-Control", "no-cache")
              .putHeader("X-Accel-Buffering", "no");
          io.vertx.core.Context here = ctx.vertx().getOrCreateContext();
          long[] sent = {last};
          boolean[] closed = {false};
          Consumer<RunEvents.Event> write =
              e -> {
                if (closed[0] || e.id() <= sent[0]) {
                  return;
                }
                sent[0] = e.id();
                res.write(
                    "id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + e.data() + "\n\n");
                if (e.type().equals(RunEvents.END)) {
                  closed[0] = true;
                  res.end();
                }
              };
          Consumer<RunEvents.Event> listener = e -> here.runOnContext(v -> write.accept(e));
          long keepAlive =
              ctx.vertx()
                  .setPeriodic(
                      15_000,
                      id -> {
                        if (!closed[0]) {
                          res.write(": keep-alive\n\n");
                        }
                      });
          Runnable stop =
              () -> {
                closed[0] = true;
                run.events().unsubscribe(listener);
                ctx.vertx().cancelTimer(keepAlive);
              };
          res.closeHandler(v -> stop.run());
          res.endHandler(v -> stop.run());
          res.write("retry: 1000\n\n");
          for (RunEvents.Event e : run.events().subscribe(last, listener)) {
            write.accept(e);
          }
        });
  }

  /** The files of a run the console links to, by name; anything else is 404. */
  private static final Map<String, String> FILES =
      Map.of(
          "summary.json", "application/json",
          "run.json", "application/json",
          "histograms.hlog", "text/plain; charset=utf-8",
          "counters.tsv", "text/tab-separated-values; charset=utf-8",
          "plan.yaml", "application/yaml");

  /**
   * {@code GET /api/v1/runs/{id}/files/{name}}: one of the run's result files as a download
   * (summary.json, run.json, histograms.hlog, counters.tsv, plan.yaml), or summary.csv made from
   * summary.json (a {@code stage} column first).
   */
  private void file(RoutingContext ctx) {
    withRun(
        ctx,
        run -> {
          String name = ctx.pathParam("name");
          boolean csv = name.equals("summary.csv");
          String type = csv ? "text/csv; charset=utf-8" : FILES.get(name);
          if (type == null) {
            send(ctx, 404, Map.of("error", "no such file of a run: " + name));
            return;
          }
          Path file = run.dir().resolve(csv ? "summary.json" : name);
          ctx.vertx()
              .executeBlocking(
                  () -> {
                    if (!java.nio.file.Files.isRegularFile(file)) {
                      return null;
                    }
                    if (!csv) {
                      return io.vertx.core.buffer.Buffer.buffer(
                          java.nio.file.Files.readAllBytes(file));
                    }
                    return io.vertx.core.buffer.Buffer.buffer(
                        summaryCsv(JSON.readTree(file.toFile())), "UTF-8");
                  })
              .onSuccess(
                  body -> {
                    if (body == null) {
                      send(
                          ctx,
                          404,
                          Map.of("error", "run " + run.id() + " has no " + name + " yet"));
                    } else {
                      ctx.response()
                          .putHeader("Content-Type", type)
                          .putHeader(
                              "Content-Disposition",
                              "attachment; filename=\"" + run.id() + "-" + name + "\"")
                          .end(body);
                    }
                  })
              .onFailure(ctx::fail);
        });
  }

  /** One CSV of every stage's table, with the stage's name first in each row. */
  static String summaryCsv(JsonNode summary) {
    StringBuilder out = new StringBuilder();
    boolean header = true;
    for (var stage : io.broadside.coordinator.result.SummaryCsv.byStage(summary).entrySet()) {
      String[] lines = stage.getValue().split("\r\n");
      for (int i = 0; i < lines.length; i++) {
        if (i == 0) {
          if (header) {
            out.append("stage,").append(lines[0]).append("\r\n");
            header = false;
          }
          continue;
        }
        out.append(csvField(stage.getKey())).append(',').append(lines[i]).append("\r\n");
      }
    }
    return out.toString();
  }

  private static String csvField(String s) {
    return s.matches("[A-Za-z0-9 ._:-]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
  }

  static void send(RoutingContext ctx, int status, Object body) {
    try {
      ctx.response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .end(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      ctx.fail(e);
    }
  }
}
