package io.broadside.common.plan;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code $.target} into a {@link Target}. */
final class TargetReader {
  static final Set<String> KEYS =
      Fields.keys("name", "protocol", "url", "stream", "timeout", "auth", "headers");
  static final Set<String> AUTH_KEYS = Fields.keys("bearerEnv");

  static final String DEFAULT_NAME = "target";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final Map<String, String> NOT_YET = Map.of("tls", "'tls' is not supported yet");
  private static final Map<String, String> AUTH_NOT_YET =
      Map.of("sigv4", "'sigv4' is not supported yet; use bearerEnv");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private TargetReader() {}

  /** The target, or null if it is missing or has a problem (reported). */
  static Target read(Fields plan) {
    Fields target = plan.required("target", key -> plan.object(key, KEYS, NOT_YET));
    if (target == null) {
      return null;
    }
    int before = target.problems().count();
    String name = target.text("name");
    TargetProtocol protocol =
        target.required("protocol", key -> target.choice(key, TargetProtocol.class));
    URI url = target.required("url", key -> url(target, key));
    Boolean stream = target.bool("stream");
    Duration timeout = target.duration("timeout", true);
    Auth auth = auth(target);
    Map<String, String> headers = headers(target);
    if (target.problems().count() > before) {
      return null;
    }
    return new Target(
        Objects.requireNonNullElse(name, DEFAULT_NAME),
        protocol,
        url,
        Objects.requireNonNullElse(stream, true),
        Objects.requireNonNullElse(timeout, DEFAULT_TIMEOUT),
        auth,
        Objects.requireNonNullElse(headers, Map.of()));
  }

  private static URI url(Fields target, String key) {
    String text = target.text(key);
    if (text == null) {
      return null;
    }
    try {
      URI url = new URI(text);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // reported below with the expected form
    }
    target.problem(
        key,
        "must be an absolute http or https URL such as http://127.0.0.1:8000, was '" + text + "'");
    return null;
  }

  private static Auth auth(Fields target) {
    Fields auth = target.object("auth", AUTH_KEYS, AUTH_NOT_YET);
    if (auth == null) {
      return null;
    }
    String env = auth.required("bearerEnv", auth::text);
    if (env != null && !ENV_NAME.matcher(env).matches()) {
      auth.problem(
          "bearerEnv",
          "must be the name of an environment variable such as API_TOKEN, was '" + env + "'");
      return null;
    }
    return env == null ? null : new Auth(env);
  }

  private static Map<String, String> headers(Fields target) {
    Map<String, String> headers = target.stringMap("headers");
    if (headers != null) {
      for (String name : headers.keySet()) {
        if (!HEADER_NAME.matcher(name).matches()) {
          target.problem(
              "headers", "must have valid HTTP header names, was '" + name + "' (not a token)");
        }
      }
    }
    return headers;
  }
}
