package io.broadside.coordinator.rest;

import io.broadside.coordinator.access.AccessPolicy;
import io.broadside.coordinator.access.AccessTokens;
import io.broadside.coordinator.access.Caller;
import io.broadside.coordinator.access.ConsoleSessions;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web console: its page and assets at {@code /} and {@code /console/} (from the jar; Chart.js
 * from its WebJar), the login that turns a token into a session cookie, and the example plans the
 * editor starts from. The page loads nothing from the network, runs no inline script, and its
 * policy admits only this origin.
 */
final class ConsoleRoutes {
  /** The console's Content-Security-Policy. */
  static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  /** The examples the editor offers, in this order first (the rest by name). */
  private static final List<String> FIRST = List.of("demo", "closed-stages", "open-poisson");

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "png", "image/png",
          "svg", "image/svg+xml");

  private final AccessPolicy access;
  private final Map<String, byte[]> assets = new ConcurrentHashMap<>();

  ConsoleRoutes(AccessPolicy access) {
    this.access = access;
  }

  void mount(Router router) {
    router.get("/").handler(ctx -> asset(ctx, "index.html"));
    router.get("/console/vendor/chart.umd.js").handler(this::chartJs);
    router
        .getWithRegex("/console/([A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\\.(?:js|css|html|png|svg))")
        .handler(ctx -> asset(ctx, ctx.pathParam("param0")));
    router.get(AccessPolicy.SESSION_PATH).handler(this::whoAmI);
    router.post(AccessPolicy.SESSION_PATH).handler(this::login);
    router.delete(AccessPolicy.SESSION_PATH).handler(this::logout);
    router.get("/api/v1/examples").handler(this::examples);
  }

  private void asset(RoutingContext ctx, String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    serve(ctx, "/console/" + name, TYPES.getOrDefault(ext, "application/octet-stream"));
  }

  private void chartJs(RoutingContext ctx) {
    try {
      serve(ctx, io.broadside.coordinator.report.RunReport.chartJsResource(), TYPES.get("js"));
    } catch (IOException e) {
      ctx.fail(e);
    }
  }

  /** A resource of the jar, read once on a worker and kept. */
  private void serve(RoutingContext ctx, String resource, String type) {
    byte[] cached = assets.get(resource);
    if (cached != null) {
      send(ctx, cached, type);
      return;
    }
    ctx.vertx()
        .executeBlocking(
            () -> {
              try (InputStream in = ConsoleRoutes.class.getResourceAsStream(resource)) {
                return in == null ? null : in.readAllBytes();
              }
            })
        .onSuccess(
            bytes -> {
              if (bytes == null) {
                ctx.response().setStatusCode(404).end();
              } else {
                assets.put(resource, bytes);
                send(ctx, bytes, type);
              }
            })
        .onFailure(ctx::fail);
  }

  private static void send(RoutingContext ctx, byte[] bytes, String type) {
    ctx.response()
        .putHeader("Content-Type", type)
        .putHeader("Content-Security-Policy", POLICY)
        .putHeader("Cache-Control", "no-cache")
        .end(io.vertx.core.buffer.Buffer.buffer(bytes));
  }

  /**
   * Who the caller is: 200 with {@code authenticated}, name, role and whether tokens are in use;
   * 200 with {@code authenticated: false} without a valid token or session (so a browser logs no
   * failed request when the console asks before its login).
   */
  private void whoAmI(RoutingContext ctx) {
    Caller caller = access.identify(ctx.request());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("authenticated", caller != null);
    out.put("name", caller == null ? null : caller.name());
    out.put("role", caller == null ? null : caller.role().wire());
    out.put("tokens", access.tokens() != null);
    RestApi.send(ctx, 200, out);
  }

  /**
   * {@code {"token": "..."}} → 200 with the token's name and role, and a session cookie (HttpOnly,
   * SameSite=Strict, Secure over TLS); 401 for a token that is not one of this coordinator's.
   */
  private void login(RoutingContext ctx) {
    if (access.tokens() == null) {
      RestApi.send(
          ctx, 200, Map.of("name", Caller.LOCAL.name(), "role", Caller.LOCAL.role().wire()));
      return;
    }
    String token;
    try {
      JsonObject body = ctx.body().asJsonObject();
      token = body == null ? null : body.getString("token");
    } catch (RuntimeException e) {
      token = null;
    }
    AccessTokens.Entry entry =
        token == null ? null : access.tokens().find(token.strip()).orElse(null);
    if (entry == null) {
      RestApi.send(ctx, 401, Map.of("error", "the token is not one of this coordinator's"));
      return;
    }
    ctx.put(AccessPolicy.CALLER, new Caller(entry.name(), entry.role()));
    String id = access.sessions().open(entry);
    ctx.response()
        .addCookie(
            Cookie.cookie(ConsoleSessions.COOKIE, id)
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(ctx.request().isSSL())
                .setPath("/")
                .setMaxAge(access.sessions().lifetime().toSeconds()));
    RestApi.send(ctx, 200, Map.of("name", entry.name(), "role", entry.role().wire()));
  }

  private void logout(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(ConsoleSessions.COOKIE);
    if (cookie != null) {
      access.sessions().close(cookie.getValue());
    }
    ctx.response()
        .addCookie(
            Cookie.cookie(ConsoleSessions.COOKIE, "")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setPath("/")
                .setMaxAge(0));
    ctx.response().setStatusCode(204).end();
  }

  /** The example plans the editor starts from: {@code [{name, text}]}. */
  private void examples(RoutingContext ctx) {
    ctx.vertx()
        .executeBlocking(ConsoleRoutes::readExamples)
        .onSuccess(list -> RestApi.send(ctx, 200, list))
        .onFailure(ctx::fail);
  }

  /** The names of the examples in this jar (or classes folder), from its listing. */
  static List<String> exampleNames() throws IOException {
    List<String> names = new ArrayList<>();
    java.security.CodeSource source = ConsoleRoutes.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return names;
    }
    java.nio.file.Path where;
    try {
      where = java.nio.file.Path.of(source.getLocation().toURI());
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return names;
    }
    if (java.nio.file.Files.isDirectory(where)) {
      java.nio.file.Path dir = where.resolve("examples");
      if (java.nio.file.Files.isDirectory(dir)) {
        try (var files = java.nio.file.Files.list(dir)) {
          files.map(p -> p.getFileName().toString()).forEach(n -> addExample(names, n));
        }
      }
    } else {
      try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(where.toFile())) {
        jar.stream()
            .map(java.util.zip.ZipEntry::getName)
            .filter(n -> n.startsWith("examples/") && n.indexOf('/', 9) < 0)
            .forEach(n -> addExample(names, n.substring(9)));
      }
    }
    return names;
  }

  private static void addExample(List<String> names, String file) {
    if (file.endsWith(".yaml") && file.matches("[a-z0-9-]+\\.yaml")) {
      names.add(file.substring(0, file.length() - 5));
    }
  }

  private static List<Map<String, String>> readExamples() throws IOException {
    List<String> names = exampleNames();
    names.sort(
        (a, b) -> {
          int ia = FIRST.indexOf(a);
          int ib = FIRST.indexOf(b);
          ia = ia < 0 ? FIRST.size() : ia;
          ib = ib < 0 ? FIRST.size() : ib;
          return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
        });
    List<Map<String, String>> out = new ArrayList<>();
    for (String name : names) {
      try (InputStream in =
          ConsoleRoutes.class.getResourceAsStream("/examples/" + name + ".yaml")) {
        if (in != null) {
          Map<String, String> m = new LinkedHashMap<>();
          m.put("name", name);
          m.put("text", new String(in.readAllBytes(), StandardCharsets.UTF_8));
          out.add(m);
        }
      }
    }
    return out;
  }
}
