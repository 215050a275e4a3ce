package io.broadside.coordinator.access;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first handler of every REST request. In order:
 *
 * <ol>
 *   <li>headers that keep a browser from sniffing, framing or referring;
 *   <li>on a loopback coordinator without tokens, only a loopback name in {@code Host} (a web page
 *       whose name was rebound to 127.0.0.1 is refused);
 *   <li>for a request that changes something (not GET or HEAD): no other origin ({@code Origin},
 *       {@code Sec-Fetch-Site}) and a body of JSON or YAML only, so a web page cannot forge one
 *       (CSRF) even against loopback;
 *   <li>the bearer token, when the coordinator has tokens ({@code /health} excepted): 401 without a
 *       valid one;
 *   <li>the role: viewer for GET, admin for DELETE, operator for the rest: 403 below it.
 * </ol>
 *
 * Every request that would change something is written to the audit log with its answer's status.
 */
public final class AccessPolicy implements Handler<RoutingContext> {
  /** The {@link Caller} of an admitted request, in the routing context's data. */
  public static final String CALLER = "broadside.caller";

  /** The run a request acted on, when a handler knows it better than the path. */
  public static final String AUDIT_RUN = "broadside.audit.run";

  /** Where the request's effect points: the plan's target, an upload's destination. */
  public static final String AUDIT_TARGET = "broadside.audit.target";

  private static final Set<String> BODY_TYPES =
      Set.of(
          "application/json",
          "application/yaml",
          "application/x-yaml",
          "text/yaml",
          "text/x-yaml",
          // a plan with its files; like JSON and YAML, no web form can send it (CSRF)
          "application/zip");
  private static final Pattern RUN_PATH = Pattern.compile("^/api/v1/runs/([^/]+)");

  private final AccessTokens tokens;
  private final boolean loopbackNamesOnly;
  private final AuditLog audit;
  private final ConsoleSessions sessions;

  /** The console's login: taking a token, giving a session cookie; logging out. */
  public static final String SESSION_PATH = "/api/v1/session";

  /**
   * @param tokens the tokens; null: no authentication (every caller is {@link Caller#LOCAL})
   * @param loopbackNamesOnly answer requests for a loopback host name only (a loopback coordinator
   *     without tokens)
   * @param audit where changes are logged; null: nowhere
   */
  public AccessPolicy(AccessTokens tokens, boolean loopbackNamesOnly, AuditLog audit) {
    this(tokens, loopbackNamesOnly, audit, new ConsoleSessions(java.time.Duration.ofHours(12)));
  }

  /**
   * As above, with the console's sessions: a session cookie stands for the token it was made of.
   */
  public AccessPolicy(
      AccessTokens tokens, boolean loopbackNamesOnly, AuditLog audit, ConsoleSessions sessions) {
    this.tokens = tokens;
    this.loopbackNamesOnly = loopbackNamesOnly;
    this.audit = audit;
    this.sessions = sessions;
  }

  /** The console's sessions. */
  public ConsoleSessions sessions() {
    return sessions;
  }

  /** The tokens, or null without authentication. */
  public AccessTokens tokens() {
    return tokens;
  }

  /**
   * Whether a request needs no token: the console's page and assets (they hold no data), a login
   * and a logout.
   */
  static boolean open(HttpServerRequest req) {
    String path = req.path();
    boolean read = req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD;
    return read && (path.equals("/") || path.startsWith("/console/")) || path.equals(SESSION_PATH);
  }

  /**
   * Who sent a request: its bearer token's name and role, else its session cookie's; {@link
   * Caller#LOCAL} without tokens; null when it gave neither a valid token nor a live session.
   */
  public Caller identify(HttpServerRequest req) {
    if (tokens == null) {
      return Caller.LOCAL;
    }
    String auth = req.getHeader("Authorization");
    AccessTokens.Entry entry =
        auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
            ? tokens.find(auth.substring(7).strip()).orElse(null)
            : null;
    if (auth == null && sessions != null) {
      var cookie = req.getCookie(ConsoleSessions.COOKIE);
      entry = cookie == null ? null : sessions.find(cookie.getValue());
    }
    return entry == null ? null : new Caller(entry.name(), entry.role());
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer");
    boolean changes = req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD;
    if (changes && audit != null) {
      ctx.addEndHandler(v -> audit.append(event(ctx)));
    }
    if (loopbackNamesOnly && !isLoopbackName(req.authority())) {
      refuse(
          ctx,
          403,
          "this coordinator has no tokens and answers requests for a loopback name only"
              + " (localhost, 127.0.0.1, [::1])");
      return;
    }
    if (req.path().equals("/health")) {
      ctx.next();
      return;
    }
    if (changes) {
      String origin = req.getHeader("Origin");
      String site = req.getHeader("Sec-Fetch-Site");
      if ((origin != null && !sameOrigin(origin, req))
          || "cross-site".equals(site)
          || "same-site".equals(site)) {
        refuse(ctx, 403, "a request from another origin may not change anything here");
        return;
      }
      String type = req.getHeader("Content-Type");
      if (type != null ? !BODY_TYPES.contains(mediaType(type)) : hasBody(req)) {
        refuse(
            ctx,
            415,
            "send bodies as application/json or application/yaml (a plan: either, by its text;"
                + " a plan with its files: application/zip)");
        return;
      }
    }
    if (open(req)) {
      ctx.next();
      return;
    }
    Caller caller = identify(req);
    if (caller == null) {
      String auth = req.getHeader("Authorization");
      ctx.response()
          .putHeader(
              "WWW-Authenticate",
              auth == null
                  ? "Bearer realm=\"broadside\""
                  : "Bearer realm=\"broadside\", error=\"invalid_token\"");
      refuse(
          ctx,
          401,
          auth == null
              ? "give a token: Authorization: Bearer TOKEN"
              : "the token is not one of this coordinator's");
      return;
    }
    ctx.put(CALLER, caller);
    Role needed = needed(req.method());
    if (!caller.role().allows(needed)) {
      refuse(
          ctx,
          403,
          "this needs the "
              + needed.wire()
              + " role; token "
              + caller.name()
              + " has "
              + caller.role().wire());
      return;
    }
    ctx.next();
  }

  /** The caller of an admitted request. */
  public static Caller caller(RoutingContext ctx) {
    Caller c = ctx.get(CALLER);
    return c == null ? Caller.LOCAL : c;
  }

  static Role needed(HttpMethod method) {
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      return Role.VIEWER;
    }
    return method == HttpMethod.DELETE ? Role.ADMIN : Role.OPERATOR;
  }

  static boolean isLoopbackName(HostAndPort authority) {
    if (authority == null) {
      return false;
    }
    String host = authority.host().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.equals("localhost")
        || host.endsWith(".localhost")
        || host.equals("::1")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static boolean sameOrigin(String origin, HttpServerRequest req) {
    HostAndPort authority = req.authority();
    if (authority == null) {
      return false;
    }
    try {
      URI o = URI.create(origin);
      String scheme = req.isSSL() ? "https" : "http";
      int defaultPort = req.isSSL() ? 443 : 80;
      int port = o.getPort() < 0 ? defaultPort : o.getPort();
      int ours = authority.port() < 0 ? defaultPort : authority.port();
      return scheme.equalsIgnoreCase(o.getScheme())
          && o.getHost() != null
          && strip(o.getHost()).equalsIgnoreCase(strip(authority.host()))
          && port == ours;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String strip(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  private static boolean hasBody(HttpServerRequest req) {
    String length = req.getHeader("Content-Length");
    return (length != null && !length.strip().equals("0"))
        || req.getHeader("Transfer-Encoding") != null;
  }

  private static void refuse(RoutingContext ctx, int status, String why) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", why).encode());
  }

  private static Map<String, Object> event(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    HttpServerResponse res = ctx.response();
    Caller caller = ctx.get(CALLER);
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("time", Instant.now().toString());
    e.put("who", caller == null ? "anonymous" : caller.name());
    e.put("role", caller == null ? null : caller.role().wire());
    e.put("from", req.remoteAddress() == null ? null : req.remoteAddress().hostAddress());
    e.put("action", action(req.method(), req.path()));
    e.put("method", req.method().name());
    e.put("path", req.path());
    Object run = ctx.get(AUDIT_RUN);
    if (run == null) {
      Matcher m = RUN_PATH.matcher(req.path());
      run = m.find() ? m.group(1) : null;
    }
    e.put("run", run);
    e.put("target", ctx.get(AUDIT_TARGET));
    e.put("status", res.getStatusCode());
    return e;
  }

  static String action(HttpMethod method, String path) {
    if (method == HttpMethod.POST) {
      if (path.equals("/api/v1/runs")) {
        return "launch";
      }
      if (path.equals("/api/v1/compare")) {
        return "compare";
      }
      if (path.startsWith("/api/v1/runs/") && path.endsWith("/stop")) {
        return "stop";
      }
      if (path.startsWith("/api/v1/runs/") && path.endsWith("/upload")) {
        return "upload";
      }
    }
    if (method == HttpMethod.DELETE && path.startsWith("/api/v1/runs/")) {
      return "delete";
    }
    if (path.equals(SESSION_PATH)) {
      return method == HttpMethod.POST ? "login" : "logout";
    }
    return "other";
  }

  /** A URL as the audit log tells it: without user information, query or fragment. */
  public static String destination(URI url) {
    if (url == null) {
      return null;
    }
    if (url.getHost() == null) {
      return url.getScheme() == null ? null : url.getScheme() + ":";
    }
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }
}
