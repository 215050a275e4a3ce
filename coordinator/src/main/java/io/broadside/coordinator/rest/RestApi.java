package io.broadside.coordinator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.common.plan.Gate;
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
import io.broadside.coordinator.runs.RunManager;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
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
    // no multipart file uploads: nothing is ever written to an uploads folder
    router.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_PLAN_BYTES));
    router.post("/api/v1/runs").handler(this::submit);
    router.get("/api/v1/runs").handler(this::list);
    router.get("/api/v1/runs/:id").handler(this::get);
    router.get("/api/v1/runs/:id/summary").handler(this::summary);
    router.get("/api/v1/runs/:id/report").handler(this::report);
    router.post("/api/v1/runs/:id/stop").handler(this::stop);
    router.delete("/api/v1/runs/:id").handler(this::delete);
    router.post("/api/v1/runs/:id/upload").handler(ctx -> upload(vertx, ctx));
    router.get("/api/v1/agents").handler(this::agents);
    router.get("/api/v1/compare").handler(this::compare);
    router.post("/api/v1/compare").handler(this::compare);
    router.get("/api/v1/openapi.yaml").handler(this::openApi);
    return router;
  }

  private void submit(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      send(
          ctx,
          400,
          Map.of(
              "errors",
              List.of(
                  Map.of(
                      "path", "$", "message", "the request body must be a plan (YAML or JSON)"))));
      return;
    }
    boolean admin = AccessPolicy.caller(ctx).role().allows(Role.ADMIN);
    runs.submitFromApi(text, admin)
        .onSuccess(
            s -> {
              if (s.busy()) {
                ctx.response().putHeader("Retry-After", "10");
                send(ctx, 429, Map.of("errors", problems(s.problems())));
              } else if (s.forbidden()) {
                send(ctx, 403, Map.of("errors", problems(s.problems())));
              } else if (s.run() == null) {
                send(ctx, 400, Map.of("errors", problems(s.problems())));
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

  private void list(RoutingContext ctx) {
    String tag = ctx.request().getParam("tag");
    List<Map<String, Object>> out =
        runs.all().stream()
            .filter(r -> tag == null || hasTag(r, tag))
            .map(
                r -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("id", r.id());
                  m.put("name", r.plan().name());
                  m.put("status", r.status().wire());
                  m.put("tags", r.plan().tags());
                  return m;
                })
            .toList();
    send(ctx, 200, out);
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

  private static List<Map<String, String>> problems(List<Problem> problems) {
    return problems.stream().map(p -> Map.of("path", p.path(), "message", p.message())).toList();
  }

  private static void send(RoutingContext ctx, int status, Object body) {
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
