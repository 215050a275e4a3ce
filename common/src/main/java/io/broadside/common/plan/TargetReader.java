package io.broadside.common.plan;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code $.target} into a {@link Target}: the common fields, then the sections that belong to
 * one protocol ({@code sagemaker}, {@code request}, {@code tensors}), each refused with a clear
 * message on another protocol.
 */
final class TargetReader {
  static final Set<String> KEYS =
      Fields.keys(
          "name",
          "protocol",
          "url",
          "stream",
          "timeout",
          "auth",
          "headers",
          "http2",
          "tls",
          "sagemaker",
          "request",
          "tensors",
          "tools",
          "toolChoice",
          "documents");
  static final Set<String> AUTH_KEYS = Fields.keys("bearerEnv", "bearerFile", "basic", "sigv4");
  static final Set<String> BASIC_KEYS = Fields.keys("userEnv", "passwordEnv");
  static final Set<String> SIGV4_KEYS = Fields.keys("region");
  static final Set<String> TLS_KEYS =
      Fields.keys("caFile", "certFile", "keyFile", "insecure", "serverName");

  static final String DEFAULT_NAME = "target";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

  private TargetReader() {}

  /** The target, or null if it is missing or has a problem (reported). */
  static Target read(Fields plan, PlanFiles planFiles) {
    Fields target = plan.required("target", key -> plan.object(key, KEYS, Map.of()));
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
    Auth auth = auth(target, planFiles, protocol);
    Map<String, String> headers = headers(target);
    Boolean http2 = target.bool("http2");
    Tls tls = tls(target, planFiles, url);
    SageMaker sagemaker = ProtocolSectionsReader.sagemaker(target, protocol);
    HttpTemplate template = ProtocolSectionsReader.template(target, protocol);
    List<Tensor> tensors = ProtocolSectionsReader.tensors(target, protocol, planFiles);
    String tools = tools(target, protocol);
    String toolChoice = toolChoice(target, tools);
    List<String> documents = documents(target, protocol);
    if (protocol != null && Boolean.TRUE.equals(stream) && !protocol.streams()) {
      target.problem(
          "stream",
          "must be false: protocol " + protocol.wireName() + " does not stream, was 'true'");
    }
    if (sagemaker != null
        && sagemaker.route() == SageMaker.Route.TARGET_MODEL
        && !Boolean.FALSE.equals(stream)) {
      target.problem(
          "stream",
          "must be false with sagemaker.route target-model: SageMaker's response stream takes no"
              + " Target-Model (multi-model endpoints do not stream), was "
              + (stream == null ? "absent (true)" : "'true'"));
    }
    if (protocol == TargetProtocol.SAGEMAKER && sagemaker == null) {
      target.problem("sagemaker", "is required for protocol sagemaker (at least the endpoint)");
    }
    if (protocol == TargetProtocol.HTTP && template == null) {
      target.problem("request", "is required for protocol http (method, path, body)");
    }
    if (target.problems().count() > before) {
      return null;
    }
    return new Target(
        Objects.requireNonNullElse(name, DEFAULT_NAME),
        protocol,
        url,
        Objects.requireNonNullElse(stream, protocol.streams()),
        Objects.requireNonNullElse(timeout, DEFAULT_TIMEOUT),
        auth,
        Objects.requireNonNullElse(headers, Map.of()),
        Objects.requireNonNullElse(http2, false),
        Objects.requireNonNullElse(tls, Tls.DEFAULT),
        sagemaker,
        template,
        tensors,
        tools,
        toolChoice,
        documents);
  }

  /** The most documents a rerank request carries. */
  static final int MAX_DOCUMENTS = 1_000;

  /** A rerank's documents: 1 to 1,000 non-empty strings; rerank only, and required there. */
  private static List<String> documents(Fields target, TargetProtocol protocol) {
    com.fasterxml.jackson.databind.JsonNode documents = target.get("documents");
    if (protocol == TargetProtocol.RERANK && documents == null) {
      target.problem("documents", "is required for protocol rerank (the texts each query ranks)");
      return List.of();
    }
    if (documents == null) {
      return List.of();
    }
    if (protocol != null && protocol != TargetProtocol.RERANK) {
      target.problem("documents", "is for protocol rerank only, was " + protocol.wireName());
      return List.of();
    }
    if (!documents.isArray() || documents.isEmpty() || documents.size() > MAX_DOCUMENTS) {
      target.problem("documents", "must be a list of 1 to " + MAX_DOCUMENTS + " texts");
      return List.of();
    }
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      com.fasterxml.jackson.databind.JsonNode d = documents.get(i);
      if (!d.isTextual() || d.asText().isBlank()) {
        target
            .problems()
            .add(target.pathOf("documents") + "[" + i + "]", "must be a non-empty text");
        return List.of();
      }
      out.add(d.asText());
    }
    return out;
  }

  /**
   * The tools each chat request offers, as JSON: a non-empty list of OpenAI function definitions
   * ({@code {type: function, function: {name, parameters}}}); openai-chat only.
   */
  private static String tools(Fields target, TargetProtocol protocol) {
    com.fasterxml.jackson.databind.JsonNode tools = target.get("tools");
    if (tools == null) {
      return null;
    }
    if (protocol != null && protocol != TargetProtocol.OPENAI_CHAT) {
      target.problem("tools", "is for protocol openai-chat only, was " + protocol.wireName());
      return null;
    }
    if (!tools.isArray() || tools.isEmpty()) {
      target.problem("tools", "must be a non-empty list of function definitions");
      return null;
    }
    for (int i = 0; i < tools.size(); i++) {
      com.fasterxml.jackson.databind.JsonNode t = tools.get(i);
      if (!"function".equals(t.path("type").asText())
          || !t.path("function").path("name").isTextual()
          || t.path("function").path("name").asText().isBlank()) {
        target
            .problems()
            .add(
                target.pathOf("tools") + "[" + i + "]",
                "must be {type: function, function: {name: …, parameters: …}}");
        return null;
      }
    }
    return tools.toString();
  }

  /** {@code auto}, {@code required}, {@code none}, or a function by name; with tools only. */
  private static String toolChoice(Fields target, String tools) {
    com.fasterxml.jackson.databind.JsonNode choice = target.get("toolChoice");
    if (choice == null) {
      return null;
    }
    if (tools == null) {
      target.problem("toolChoice", "needs tools");
      return null;
    }
    if (choice.isTextual()
        && java.util.Set.of("auto", "required", "none").contains(choice.asText())) {
      return choice.toString();
    }
    if (choice.isObject() && choice.path("function").path("name").isTextual()) {
      return choice.toString();
    }
    target.problem(
        "toolChoice",
        "must be auto, required, none or {type: function, function: {name: …}}, was " + choice);
    return null;
  }

  /** An absolute http or https URL at {@code key} (also a model's {@code url}), else reported. */
  static URI url(Fields target, String key) {
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

  private static Auth auth(Fields target, PlanFiles planFiles, TargetProtocol protocol) {
    Fields auth = target.object("auth", AUTH_KEYS, Map.of());
    if (auth == null) {
      return null;
    }
    List<String> given = auth.keysPresent();
    if (given.size() != 1) {
      auth.problems()
          .add(
              auth.path(),
              "must have exactly one of bearerEnv, bearerFile, basic or sigv4, has "
                  + (given.isEmpty() ? "none" : String.join(", ", given)));
      return null;
    }
    return switch (given.get(0)) {
      case "bearerEnv" -> {
        String env = envName(auth, "bearerEnv");
        yield env == null ? null : new Auth.Bearer(env, null);
      }
      case "bearerFile" -> {
        Path file = auth.existingSecretFile("bearerFile", planFiles);
        yield file == null ? null : new Auth.Bearer(null, file);
      }
      case "basic" -> {
        Fields basic = auth.object("basic", BASIC_KEYS, Map.of());
        String user = basic == null ? null : basic.required("userEnv", k -> envName(basic, k));
        String pass = basic == null ? null : basic.required("passwordEnv", k -> envName(basic, k));
        yield user == null || pass == null ? null : new Auth.Basic(user, pass);
      }
      case "sigv4" -> {
        Fields sigv4 = auth.object("sigv4", SIGV4_KEYS, Map.of());
        String region = sigv4 == null ? null : sigv4.required("region", sigv4::text);
        if (region != null && !REGION.matcher(region).matches()) {
          sigv4.problem("region", "must be an AWS region such as us-east-1, was '" + region + "'");
          region = null;
        }
        if (protocol != null && protocol != TargetProtocol.SAGEMAKER) {
          auth.problem("sigv4", "is only for protocol sagemaker, not " + protocol.wireName());
          region = null;
        }
        yield region == null ? null : new Auth.SigV4(region);
      }
      default -> null;
    };
  }

  private static String envName(Fields fields, String key) {
    String env = fields.text(key);
    if (env != null && !ENV_NAME.matcher(env).matches()) {
      fields.problem(
          key, "must be the name of an environment variable such as API_TOKEN, was '" + env + "'");
      return null;
    }
    return env;
  }

  /** Header names that carry credentials (lower case). */
  private static final java.util.regex.Pattern CREDENTIAL_HEADER =
      java.util.regex.Pattern.compile(
          "authorization|proxy-authorization|cookie|.*(api[-_]?key|token|secret|password|passwd"
              + "|credential|signature).*");

  private static Map<String, String> headers(Fields target) {
    Map<String, String> headers = target.stringMap("headers");
    if (headers != null) {
      for (String name : headers.keySet()) {
        if (!HEADER_NAME.matcher(name).matches()) {
          target.problem(
              "headers", "must have valid HTTP header names, was '" + name + "' (not a token)");
        } else if (CREDENTIAL_HEADER.matcher(name.toLowerCase(java.util.Locale.ROOT)).matches()) {
          // a plan is stored, shown in reports and sent to every agent: no secret goes in it
          target
              .problems()
              .add(
                  target.pathOf("headers") + "." + name,
                  "is a credential, which a plan may not hold: give it with auth (bearerEnv,"
                      + " bearerFile, basic or sigv4), which each agent reads from its own"
                      + " environment or files and never writes down");
        }
      }
    }
    return headers;
  }

  private static Tls tls(Fields target, PlanFiles planFiles, URI url) {
    Fields tls = target.object("tls", TLS_KEYS, Map.of());
    if (tls == null) {
      return null;
    }
    if (url != null && !"https".equalsIgnoreCase(url.getScheme())) {
      target.forbid("tls", "needs an https url, not " + url.getScheme());
      return null;
    }
    Path ca = tls.existingFile("caFile", planFiles);
    Path cert = tls.existingFile("certFile", planFiles);
    Path key = tls.existingSecretFile("keyFile", planFiles);
    if (tls.has("certFile") != tls.has("keyFile")) {
      tls.problems()
          .add(tls.path(), "must give certFile and keyFile together (a client certificate)");
    }
    Boolean insecure = tls.bool("insecure");
    if (Boolean.TRUE.equals(insecure) && tls.has("caFile")) {
      tls.problem("insecure", "contradicts caFile: trust either any certificate or those");
    }
    String serverName = tls.text("serverName");
    return new Tls(ca, cert, key, Boolean.TRUE.equals(insecure), serverName);
  }
}
