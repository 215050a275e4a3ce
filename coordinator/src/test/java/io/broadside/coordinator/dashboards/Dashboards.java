package io.broadside.coordinator.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Grafana dashboards of the repository ({@code grafana/dashboards/*.json}) as data: their
 * panels, their panel queries with the template variables substituted, and the metric names those
 * queries read. Used by the dashboard lint and schema tests and by tests that run the queries
 * against a live Prometheus.
 */
public final class Dashboards {

  /** One panel target: the dashboard's file name, the panel title, the target's refId and expr. */
  public record PanelQuery(String dashboard, String panel, String refId, String expr) {}

  /** A vector selector in an expression: the metric name and the text between its braces. */
  public record Selector(String metric, String matchers) {}

  /** PromQL functions (up to Prometheus 3.x); a name followed by "(" is one of these. */
  public static final Set<String> FUNCTIONS =
      Set.of(
          "abs",
          "absent",
          "absent_over_time",
          "acos",
          "acosh",
          "asin",
          "asinh",
          "atan",
          "atanh",
          "avg_over_time",
          "ceil",
          "changes",
          "clamp",
          "clamp_max",
          "clamp_min",
          "cos",
          "cosh",
          "count_over_time",
          "day_of_month",
          "day_of_week",
          "day_of_year",
          "days_in_month",
          "deg",
          "delta",
          "deriv",
          "double_exponential_smoothing",
          "exp",
          "floor",
          "histogram_avg",
          "histogram_count",
          "histogram_fraction",
          "histogram_quantile",
          "histogram_stddev",
          "histogram_stdvar",
          "histogram_sum",
          "holt_winters",
          "hour",
          "idelta",
          "increase",
          "info",
          "irate",
          "label_join",
          "label_replace",
          "last_over_time",
          "ln",
          "log10",
          "log2",
          "mad_over_time",
          "max_over_time",
          "min_over_time",
          "minute",
          "month",
          "pi",
          "predict_linear",
          "present_over_time",
          "quantile_over_time",
          "rad",
          "rate",
          "resets",
          "round",
          "scalar",
          "sgn",
          "sin",
          "sinh",
          "sort",
          "sort_by_label",
          "sort_by_label_desc",
          "sort_desc",
          "sqrt",
          "stddev_over_time",
          "stdvar_over_time",
          "sum_over_time",
          "tan",
          "tanh",
          "time",
          "timestamp",
          "vector",
          "year");

  /** Aggregation operators. */
  public static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");

  /** Keywords that take a label list in parentheses. */
  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  /** Other keywords and literals that are not metric names. */
  public static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "atan2",
          "inf",
          "nan",
          "start",
          "end");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BRACED =
      Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::[^}]*)?}"); // ${x} and ${x:format}
  private static final Pattern BRACKETED =
      Pattern.compile("\\[\\[([A-Za-z0-9_]+)(?::[^\\]]*)?]]"); // [[x]] and [[x:format]]
  private static final Pattern PLAIN = Pattern.compile("\\$([A-Za-z0-9_]+)"); // $x
  private static final List<String> FAMILY_SUFFIXES = List.of("_bucket", "_count", "_sum");

  private static volatile Map<String, JsonNode> loaded;

  private Dashboards() {}

  /**
   * The repository's {@code grafana/} directory, found by walking up from {@code user.dir} (the
   * module directory under Maven).
   */
  public static Path grafanaDir() {
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        dir != null;
        dir = dir.getParent()) {
      Path candidate = dir.resolve("grafana");
      if (Files.isDirectory(candidate.resolve("dashboards"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no grafana/dashboards directory above " + System.getProperty("user.dir"));
  }

  /** Every dashboard, by file name (e.g. {@code run-overview.json}), in file-name order. */
  public static Map<String, JsonNode> all() {
    Map<String, JsonNode> result = loaded;
    if (result == null) {
      Map<String, JsonNode> map = new LinkedHashMap<>();
      try (Stream<Path> files = Files.list(grafanaDir().resolve("dashboards"))) {
        for (Path file :
            files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
          map.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      result = Collections.unmodifiableMap(map);
      loaded = result;
    }
    return result;
  }

  /**
   * Every panel of a dashboard, rows included, with the panels nested in collapsed rows ({@code
   * panels} of a row) following their row.
   */
  public static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      out.add(panel);
      for (JsonNode nested : panel.path("panels")) {
        out.add(nested);
      }
    }
    return out;
  }

  /** Every panel target's expr of every dashboard, with {@code vars} substituted. */
  public static List<PanelQuery> queries(Map<String, String> vars) {
    List<PanelQuery> out = new ArrayList<>();
    all().forEach((name, dashboard) -> out.addAll(queries(name, dashboard, vars)));
    return out;
  }

  /** Every panel target's expr of one dashboard, with {@code vars} substituted. */
  public static List<PanelQuery> queries(
      String name, JsonNode dashboard, Map<String, String> vars) {
    List<PanelQuery> out = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText("");
        if (!expr.isBlank()) {
          out.add(
              new PanelQuery(
                  name,
                  panel.path("title").asText(""),
                  target.path("refId").asText(""),
                  substitute(expr, vars)));
        }
      }
    }
    return out;
  }

  /**
   * Replaces the Grafana variable references {@code $x}, {@code ${x}}, {@code ${x:format}}, {@code
   * [[x]]} and {@code [[x:format]]} whose name is in {@code vars}; others are left as they are.
   */
  public static String substitute(String expr, Map<String, String> vars) {
    String s = replace(BRACED, expr, vars);
    s = replace(BRACKETED, s, vars);
    return replace(PLAIN, s, vars);
  }

  private static String replace(Pattern pattern, String text, Map<String, String> vars) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = vars.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Every metric name referenced by any panel expr: the raw names (e.g. {@code x_bucket}) and, for
   * names ending in {@code _bucket}, {@code _count} or {@code _sum}, also the family name ({@code
   * x}).
   */
  public static Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    for (PanelQuery q : queries(Map.of())) {
      names.addAll(metricNames(q.expr()));
    }
    return names;
  }

  /** The metric names of one expression, raw and family names as in {@link #metricNames()}. */
  public static Set<String> metricNames(String expr) {
    Set<String> names = new TreeSet<>();
    for (Selector s : selectors(expr)) {
      names.add(s.metric());
      for (String suffix : FAMILY_SUFFIXES) {
        if (s.metric().endsWith(suffix) && s.metric().length() > suffix.length()) {
          names.add(s.metric().substring(0, s.metric().length() - suffix.length()));
        }
      }
    }
    return names;
  }

  /**
   * The vector selectors of an expression, in order. A small PromQL scanner: it skips strings,
   * range/subquery brackets, label lists of by/without/on/ignoring/group_left/group_right, function
   * and aggregation names, keywords, numbers and variable references; every other identifier is a
   * metric name, with the braces that follow it.
   */
  public static List<Selector> selectors(String expr) {
    List<Selector> out = new ArrayList<>();
    int i = 0;
    int n = expr.length();
    while (i < n) {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (c == '[') {
        i = skipTo(expr, i, ']');
      } else if (c == '{') { // a selector without a metric name
        i = skipTo(expr, i, '}');
      } else if (c == '$') {
        i++;
        if (i < n && expr.charAt(i) == '{') {
          i = skipTo(expr, i, '}');
        } else {
          while (i < n && isIdentPart(expr.charAt(i))) {
            i++;
          }
        }
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && isDigit(expr.charAt(i + 1)))) {
        i = skipNumber(expr, i);
      } else if (isIdentStart(c)) {
        int start = i;
        while (i < n && isIdentPart(expr.charAt(i))) {
          i++;
        }
        String ident = expr.substring(start, i);
        int next = skipSpace(expr, i);
        boolean call = next < n && expr.charAt(next) == '(';
        String lower = ident.toLowerCase();
        if (LABEL_LIST_KEYWORDS.contains(lower)) {
          if (call) {
            i = skipTo(expr, next, ')');
          }
        } else if (call || KEYWORDS.contains(lower) || AGGREGATIONS.contains(lower)) {
          // a function or aggregation name, or a keyword
        } else {
          String matchers = "";
          if (next < n && expr.charAt(next) == '{') {
            int close = skipTo(expr, next, '}');
            matchers = expr.substring(next + 1, close - 1);
            i = close;
          }
          out.add(new Selector(ident, matchers));
        }
      } else {
        i++;
      }
    }
    return out;
  }

  private static boolean isIdentStart(char c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** From an opening quote, the index just after the closing one. */
  private static int skipString(String s, int i) {
    char quote = s.charAt(i++);
    while (i < s.length() && s.charAt(i) != quote) {
      i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
    }
    return Math.min(i + 1, s.length());
  }

  /** From an opening bracket, the index just after {@code close}, skipping strings inside. */
  private static int skipTo(String s, int i, char close) {
    i++;
    while (i < s.length() && s.charAt(i) != close) {
      char c = s.charAt(i);
      i = c == '"' || c == '\'' || c == '`' ? skipString(s, i) : i + 1;
    }
    return Math.min(i + 1, s.length());
  }

  /** A number literal, with a duration unit or exponent if it has one (e.g. 0.99, 1e6, 5m). */
  private static int skipNumber(String s, int i) {
    if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
      i += 2;
      while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
        i++;
      }
      return i;
    }
    while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
        j++;
      }
      if (j < s.length() && isDigit(s.charAt(j))) {
        i = j;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
      }
    }
    while (i < s.length() && isIdentPart(s.charAt(i))) { // duration units: 5m, 1h30m
      i++;
    }
    return i;
  }
}
