package io.broadside.coordinator.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.broadside.common.metric.MetricCatalogue;
import io.broadside.coordinator.dashboards.Dashboards.PanelQuery;
import io.broadside.coordinator.dashboards.Dashboards.Selector;
import io.broadside.testing.DebianTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules in the spirit of grafana/dashboard-linter, plus the metrics contract (Broadside's families
 * from {@link MetricCatalogue}, the simulator's server-side names, kept below as {@link
 * #CONTRACT}). Every rule runs on the real dashboards (no problems) and on a deliberately broken
 * input (a problem is reported).
 */
class DashboardLintTest {

  /** Values a live test would use: one run, every stage/model/agent, a real rate interval. */
  static final Map<String, String> VARS =
      Map.of(
          "run", "run-1",
          "stage", ".*",
          "model_name", ".*",
          "agent", ".*",
          "datasource", "prometheus",
          "__rate_interval", "20s",
          "__interval", "5s",
          "__range", "15m");

  static final Set<String> FILTER_VARIABLES = Set.of("run", "stage", "model_name", "agent");
  static final Set<String> SCRAPE_LABELS = Set.of("job", "instance");
  static final Set<String> BUILTIN_VARIABLES =
      Set.of("__rate_interval", "__interval", "__range", "__interval_ms", "__range_s");

  enum Kind {
    HISTOGRAM,
    SUMMARY,
    COUNTER,
    GAUGE
  }

  record Family(Kind kind, Set<String> labels) {}

  static final Set<String> RUN_LABELS = Set.of("run", "stage", "model_name", "target");
  static final Set<String> VLLM_LABELS = Set.of("model_name", "engine");

  /** The metrics contract: every family a dashboard may read, its type and its labels. */
  static final Map<String, Family> CONTRACT = contract();

  private static Map<String, Family> contract() {
    Map<String, Family> c = new LinkedHashMap<>();
    // Broadside's own families: the catalogue the coordinator exports from
    for (MetricCatalogue.Family f : MetricCatalogue.families()) {
      Kind kind =
          switch (f.type()) {
            case HISTOGRAM -> Kind.HISTOGRAM;
            case SUMMARY -> Kind.SUMMARY;
            case COUNTER -> Kind.COUNTER;
            case GAUGE, INFO -> Kind.GAUGE;
          };
      c.put(f.name(), new Family(kind, Set.copyOf(f.labels())));
    }
    // the simulator's server-side names (vLLM, TGIS, DCGM)
    for (String h :
        List.of(
            "time_to_first_token_seconds",
            "inter_token_latency_seconds",
            "request_time_per_output_token_seconds",
            "e2e_request_latency_seconds",
            "request_queue_time_seconds")) {
      c.put("vllm:" + h, new Family(Kind.HISTOGRAM, VLLM_LABELS));
    }
    c.put("vllm:prompt_tokens_total", new Family(Kind.COUNTER, VLLM_LABELS));
    c.put("vllm:generation_tokens_total", new Family(Kind.COUNTER, VLLM_LABELS));
    c.put(
        "vllm:request_success_total",
        new Family(Kind.COUNTER, plus(VLLM_LABELS, "finished_reason")));
    for (String g :
        List.of(
            "vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc")) {
      c.put(g, new Family(Kind.GAUGE, VLLM_LABELS));
    }
    for (String h :
        List.of(
            "tgi_request_duration",
            "tgi_request_queue_duration",
            "tgi_request_mean_time_per_token_duration",
            "tgi_request_generated_tokens")) {
      c.put(h, new Family(Kind.HISTOGRAM, Set.of()));
    }
    c.put("tgi_batch_current_size", new Family(Kind.GAUGE, Set.of()));
    c.put("tgi_queue_size", new Family(Kind.GAUGE, Set.of()));
    for (String g : List.of("DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE")) {
      c.put(g, new Family(Kind.GAUGE, Set.of("gpu", "UUID", "modelName", "Hostname")));
    }
    return Map.copyOf(c);
  }

  private static Set<String> plus(Set<String> labels, String... more) {
    Set<String> s = new HashSet<>(labels);
    s.addAll(List.of(more));
    return Set.copyOf(s);
  }

  /** A metric name resolved against the contract: its family name and the series suffix. */
  record Resolved(String family, Family def, String suffix) {}

  static Optional<Resolved> resolve(String metric) {
    Family direct = CONTRACT.get(metric);
    if (direct != null) {
      return Optional.of(new Resolved(metric, direct, ""));
    }
    for (String suffix : List.of("_bucket", "_count", "_sum")) {
      if (metric.endsWith(suffix)) {
        String base = metric.substring(0, metric.length() - suffix.length());
        Family f = CONTRACT.get(base);
        if (f != null
            && (f.kind() == Kind.HISTOGRAM
                || (f.kind() == Kind.SUMMARY && !suffix.equals("_bucket")))) {
          return Optional.of(new Resolved(base, f, suffix));
        }
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------------------------ rules

  static final Pattern MATCHER =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  static final Pattern RANGE = Pattern.compile("\\[([^\\[\\]]*)]");
  static final Pattern RANGE_FUNCTION = Pattern.compile("\\b(rate|irate|increase)\\s*\\(");
  static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z0-9_]+)|\\[\\[([A-Za-z0-9_]+)");

  static List<JsonNode> visualPanels(JsonNode dashboard) {
    return Dashboards.panels(dashboard).stream()
        .filter(p -> !"row".equals(p.path("type").asText()))
        .toList();
  }

  static List<PanelQuery> raw(String name, JsonNode dashboard) {
    return Dashboards.queries(name, dashboard, Map.of());
  }

  static String where(PanelQuery q) {
    return q.dashboard() + " / " + q.panel() + " / " + q.refId();
  }

  static List<String> unitProblems(String name, JsonNode dashboard) {
    List<String> problems = new ArrayList<>();
    for (JsonNode p : visualPanels(dashboard)) {
      if (p.path("fieldConfig").path("defaults").path("unit").asText("").isBlank()) {
        problems.add(name + " / " + p.path("title").asText() + ": no fieldConfig.defaults.unit");
      }
    }
    return problems;
  }

  static List<String> titleDescriptionProblems(String name, JsonNode dashboard) {
    List<String> problems = new ArrayList<>();
    for (JsonNode p : Dashboards.panels(dashboard)) {
      String title = p.path("title").asText("");
      if (title.isBlank()) {
        problems.add(name + " / panel " + p.path("id") + ": no title");
      }
      if (!"row".equals(p.path("type").asText()) && p.path("description").asText("").isBlank()) {
        problems.add(name + " / " + title + ": no description");
      }
    }
    return problems;
  }

  static List<String> rateIntervalProblems(String name, JsonNode dashboard) {
    List<String> problems = new ArrayList<>();
    for (PanelQuery q : raw(name, dashboard)) {
      Matcher range = RANGE.matcher(q.expr());
      while (range.find()) {
        if (!range.group(1).equals("$__rate_interval")) {
          problems.add(where(q) + ": range [" + range.group(1) + "] is not [$__rate_interval]");
        }
      }
      Matcher call = RANGE_FUNCTION.matcher(q.expr());
      while (call.find()) {
        String argument = argument(q.expr(), call.end() - 1);
        if (!argument.contains("[$__rate_interval]")) {
          problems.add(
              where(q) + ": " + call.group(1) + "(" + argument + ") without [$__rate_interval]");
        }
      }
    }
    return problems;
  }

  /** The text between the parenthesis at {@code open} and its matching one. */
  static String argument(String expr, int open) {
    int depth = 0;
    for (int i = open; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '"') {
        i = expr.indexOf('"', i + 1);
        if (i < 0) {
          break;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return expr.substring(open + 1, i);
      }
    }
    return expr.substring(open + 1);
  }

  static List<String> datasourceProblems(String name, JsonNode dashboard) {
    List<String> problems = new ArrayList<>();
    for (JsonNode p : visualPanels(dashboard)) {
      String title = p.path("title").asText();
      if (!isDatasourceVariable(p.path("datasource"))) {
        problems.add(
            name
                + " / "
                + title
                + ": panel datasource is not ${datasource}: "
                + p.path("datasource"));
      }
      if (!p.path("targets").isArray() || p.path("targets").isEmpty()) {
        problems.add(name + " / " + title + ": no targets");
      }
      for (JsonNode t : p.path("targets")) {
        if (!isDatasourceVariable(t.path("datasource"))) {
          problems.add(
              name
                  + " / "
                  + title
                  + " / "
                  + t.path("refId").asText()
                  + ": target datasource is not ${datasource}");
        }
      }
    }
    return problems;
  }

  static boolean isDatasourceVariable(JsonNode ds) {
    return "prometheus".equals(ds.path("type").asText())
        && "${datasource}".equals(ds.path("uid").asText());
  }

  static List<String> templatingProblems(String name, JsonNode dashboard) {
    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> vars = new LinkedHashMap<>();
    for (JsonNode v : dashboard.path("templating").path("list")) {
      vars.put(v.path("name").asText(), v);
    }
    JsonNode ds = vars.get("datasource");
    if (ds == null
        || !"datasource".equals(ds.path("type").asText())
        || !"prometheus".equals(ds.path("query").asText())) {
      problems.add(name + ": no datasource variable of type datasource, query prometheus");
    }
    expectQueryVariable(
        problems, name, vars, "run", "label_values(broadside_run_info, run)", false);
    expectQueryVariable(
        problems,
        name,
        vars,
        "stage",
        "label_values(broadside_requests_total{run=~\"$run\"}, stage)",
        true);
    expectQueryVariable(
        problems,
        name,
        vars,
        "model_name",
        "label_values(broadside_requests_total{run=~\"$run\"}, model_name)",
        true);
    for (JsonNode v : vars.values()) {
      if ("query".equals(v.path("type").asText()) && !isDatasourceVariable(v.path("datasource"))) {
        problems.add(
            name + ": variable " + v.path("name").asText() + " does not use ${datasource}");
      }
    }
    Set<String> referenced = new HashSet<>();
    for (PanelQuery q : raw(name, dashboard)) {
      Matcher m = VARIABLE.matcher(q.expr());
      while (m.find()) {
        referenced.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
    }
    for (JsonNode p : Dashboards.panels(dashboard)) {
      if (p.hasNonNull("repeat")) {
        referenced.add(p.path("repeat").asText());
      }
    }
    referenced.removeAll(BUILTIN_VARIABLES);
    referenced.removeAll(vars.keySet());
    for (String missing : referenced) {
      problems.add(name + ": variable $" + missing + " is used but not defined");
    }
    return problems;
  }

  private static void expectQueryVariable(
      List<String> problems,
      String name,
      Map<String, JsonNode> vars,
      String var,
      String query,
      boolean multiAll) {
    JsonNode v = vars.get(var);
    if (v == null) {
      problems.add(name + ": no variable " + var);
      return;
    }
    String actual =
        v.path("query").isObject()
            ? v.path("query").path("query").asText()
            : v.path("query").asText();
    if (!"query".equals(v.path("type").asText()) || !query.equals(actual)) {
      problems.add(name + ": variable " + var + " should be the query " + query + ", is " + actual);
    }
    if (v.path("refresh").asInt() != 2) {
      problems.add(name + ": variable " + var + " should refresh on time range change (2)");
    }
    if (multiAll
        && !(v.path("multi").asBoolean()
            && v.path("includeAll").asBoolean()
            && ".*".equals(v.path("allValue").asText()))) {
      problems.add(name + ": variable " + var + " should be multi, includeAll, allValue .*");
    }
  }

  static List<String> unexpandedProblems(
      String name, JsonNode dashboard, Map<String, String> vars) {
    List<String> problems = new ArrayList<>();
    for (PanelQuery q : Dashboards.queries(name, dashboard, vars)) {
      if (q.expr().contains("$") || q.expr().contains("[[")) {
        problems.add(where(q) + ": unexpanded variable in " + q.expr());
      }
    }
    return problems;
  }

  static List<String> contractProblems(String name, JsonNode dashboard) {
    List<String> problems = new ArrayList<>();
    for (PanelQuery q : raw(name, dashboard)) {
      List<Selector> selectors = Dashboards.selectors(q.expr());
      if (selectors.isEmpty()) {
        problems.add(where(q) + ": reads no metric");
      }
      Set<String> natives = new HashSet<>();
      Set<String> classics = new HashSet<>();
      for (Selector s : selectors) {
        Optional<Resolved> r = resolve(s.metric());
        if (r.isEmpty()) {
          problems.add(where(q) + ": " + s.metric() + " is not in the metrics contract");
          continue;
        }
        if (r.get().def().kind() == Kind.HISTOGRAM) {
          (r.get().suffix().isEmpty() ? natives : classics).add(r.get().family());
        }
        problems.addAll(filterProblems(q, s, r.get()));
      }
      for (String h : natives) {
        if (!classics.contains(h)) {
          problems.add(
              where(q)
                  + ": native "
                  + h
                  + " without its classic half ("
                  + h
                  + "_bucket/_count/_sum) after `or`");
        }
      }
      for (String h : classics) {
        if (!natives.contains(h)) {
          problems.add(where(q) + ": classic " + h + " series without the native half before `or`");
        }
      }
      problems.addAll(rangeFunctionTypeProblems(q));
    }
    return problems;
  }

  /** Label filters: only labels the family has; each filter variable as {@code L=~"$L"}. */
  static List<String> filterProblems(PanelQuery q, Selector s, Resolved r) {
    List<String> problems = new ArrayList<>();
    Map<String, String> filters = new HashMap<>();
    Matcher m = MATCHER.matcher(s.matchers());
    while (m.find()) {
      String label = m.group(1);
      boolean known =
          r.def().labels().contains(label)
              || SCRAPE_LABELS.contains(label)
              || (label.equals("le") && r.suffix().equals("_bucket"));
      if (!known) {
        problems.add(where(q) + ": " + s.metric() + " has no label " + label);
      }
      filters.put(label, m.group(2) + m.group(3));
    }
    for (String label : FILTER_VARIABLES) {
      String filter = filters.get(label);
      if (r.def().labels().contains(label)) {
        if (filter == null) {
          problems.add(
              where(q)
                  + ": "
                  + s.metric()
                  + " is not filtered by "
                  + label
                  + "=~\"$"
                  + label
                  + "\"");
        } else if (!filter.equals("=~$" + label) && !filter.equals("=~${" + label + "}")) {
          problems.add(
              where(q)
                  + ": "
                  + s.metric()
                  + " filters "
                  + label
                  + filter
                  + ", not =~\"$"
                  + label
                  + "\"");
        }
      }
    }
    return problems;
  }

  /** rate/irate/increase only over counters and histogram or summary series. */
  static List<String> rangeFunctionTypeProblems(PanelQuery q) {
    List<String> problems = new ArrayList<>();
    Matcher call = RANGE_FUNCTION.matcher(q.expr());
    while (call.find()) {
      for (Selector s : Dashboards.selectors(argument(q.expr(), call.end() - 1))) {
        Optional<Resolved> r = resolve(s.metric());
        if (r.isPresent() && r.get().def().kind() == Kind.GAUGE) {
          problems.add(where(q) + ": " + call.group(1) + " over the gauge " + s.metric());
        }
        if (r.isPresent() && r.get().def().kind() == Kind.SUMMARY && r.get().suffix().isEmpty()) {
          problems.add(
              where(q) + ": " + call.group(1) + " over the summary quantiles " + s.metric());
        }
      }
    }
    return problems;
  }

  static List<String> idProblems(String name, JsonNode dashboard) {
    List<String> problems = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode p : Dashboards.panels(dashboard)) {
      if (!p.path("id").isInt()) {
        problems.add(name + " / " + p.path("title").asText() + ": no numeric id");
      } else if (!ids.add(p.path("id").asInt())) {
        problems.add(
            name + " / " + p.path("title").asText() + ": duplicate panel id " + p.path("id"));
      }
    }
    return problems;
  }

  static List<String> uidProblems(Map<String, JsonNode> dashboards) {
    List<String> problems = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    dashboards.forEach(
        (name, d) -> {
          String uid = d.path("uid").asText("");
          if (!uid.matches("broadside-[a-z0-9-]+") || uid.length() > 40) {
            problems.add(name + ": uid " + uid + " is not a stable broadside-* uid");
          }
          String other = seen.putIfAbsent(uid, name);
          if (other != null) {
            problems.add(name + ": uid " + uid + " is also the uid of " + other);
          }
        });
    return problems;
  }

  static List<String> settingsProblems(String name, JsonNode d) {
    List<String> problems = new ArrayList<>();
    if (d.path("schemaVersion").asInt() != 39) {
      problems.add(name + ": schemaVersion " + d.path("schemaVersion") + ", expected 39");
    }
    if (!"5s".equals(d.path("refresh").asText())) {
      problems.add(name + ": refresh " + d.path("refresh") + ", expected 5s");
    }
    if (!"now-15m".equals(d.path("time").path("from").asText())
        || !"now".equals(d.path("time").path("to").asText())) {
      problems.add(name + ": time " + d.path("time") + ", expected now-15m to now");
    }
    if (d.path("title").asText("").isBlank()) {
      problems.add(name + ": no title");
    }
    return problems;
  }

  // ------------------------------------------------------------------------------------ tests

  private static final ObjectMapper JSON = new ObjectMapper();

  interface Rule {
    List<String> check(String name, JsonNode dashboard);
  }

  private static List<String> onAll(Rule rule) {
    List<String> problems = new ArrayList<>();
    Dashboards.all().forEach((name, d) -> problems.addAll(rule.check(name, d)));
    return problems;
  }

  private static ObjectNode copy(String name) {
    return Dashboards.all().get(name).deepCopy();
  }

  private static ObjectNode firstVisualPanel(ObjectNode dashboard) {
    return (ObjectNode) visualPanels(dashboard).get(0);
  }

  private static ObjectNode firstTarget(ObjectNode dashboard) {
    return (ObjectNode) firstVisualPanel(dashboard).path("targets").get(0);
  }

  @Test
  void theFiveDashboardsAreThere() {
    assertThat(Dashboards.all().keySet())
        .containsExactlyInAnyOrder(
            "run-overview.json",
            "llm-latency.json",
            "models.json",
            "generator-health.json",
            "client-vs-server.json");
    assertThat(onAll(DashboardLintTest::settingsProblems)).isEmpty();
    ObjectNode broken = copy("models.json").put("schemaVersion", 16).put("refresh", "1m");
    assertThat(settingsProblems("broken", broken)).hasSize(2);
  }

  @Test
  void everyPanelHasAUnit() {
    assertThat(onAll(DashboardLintTest::unitProblems)).isEmpty();
    ObjectNode broken = copy("run-overview.json");
    ((ObjectNode) firstVisualPanel(broken).path("fieldConfig").path("defaults")).remove("unit");
    assertThat(unitProblems("broken", broken))
        .singleElement()
        .asString()
        .contains("no fieldConfig.defaults.unit");
  }

  @Test
  void everyPanelHasATitleAndADescription() {
    assertThat(onAll(DashboardLintTest::titleDescriptionProblems)).isEmpty();
    ObjectNode broken = copy("llm-latency.json");
    firstVisualPanel(broken).remove("description");
    assertThat(titleDescriptionProblems("broken", broken))
        .singleElement()
        .asString()
        .contains("no description");
  }

  @Test
  void everyRangeIsTheRateInterval() {
    assertThat(onAll(DashboardLintTest::rateIntervalProblems)).isEmpty();
    ObjectNode broken = copy("run-overview.json");
    firstTarget(broken)
        .put(
            "expr",
            "sum(rate(broadside_requests_total{run=~\"$run\"}[5m])) + sum(increase(broadside_requests_total))");
    assertThat(rateIntervalProblems("broken", broken))
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).contains("range [5m]"))
        .anySatisfy(p -> assertThat(p).contains("increase(broadside_requests_total) without"));
  }

  @Test
  void panelsAndTargetsUseTheDatasourceVariable() {
    assertThat(onAll(DashboardLintTest::datasourceProblems)).isEmpty();
    ObjectNode broken = copy("models.json");
    firstVisualPanel(broken)
        .putObject("datasource")
        .put("type", "prometheus")
        .put("uid", "prometheus");
    firstTarget(broken).remove("datasource");
    assertThat(datasourceProblems("broken", broken))
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("panel datasource"))
        .anySatisfy(p -> assertThat(p).contains("target datasource"));
  }

  @Test
  void templatingHasTheDatasourceRunStageAndModelVariables() {
    assertThat(onAll(DashboardLintTest::templatingProblems)).isEmpty();
    ObjectNode broken = copy("generator-health.json");
    ArrayNode list = (ArrayNode) broken.path("templating").path("list");
    for (int i = list.size() - 1; i >= 0; i--) {
      String var = list.get(i).path("name").asText();
      if (var.equals("stage") || var.equals("agent")) {
        list.remove(i);
      } else if (var.equals("model_name")) {
        ((ObjectNode) list.get(i)).put("includeAll", false);
      }
    }
    assertThat(templatingProblems("broken", broken))
        .anySatisfy(p -> assertThat(p).contains("no variable stage"))
        .anySatisfy(p -> assertThat(p).contains("model_name should be multi"))
        .anySatisfy(p -> assertThat(p).contains("$agent is used but not defined"));
  }

  @Test
  void noVariableIsLeftAfterSubstitution() {
    assertThat(onAll((n, d) -> unexpandedProblems(n, d, VARS))).isEmpty();
    ObjectNode broken = copy("llm-latency.json");
    firstTarget(broken)
        .put("expr", "histogram_quantile($quantile, sum by (le) (rate(x_bucket[[[interval]]])))");
    assertThat(unexpandedProblems("broken", broken, VARS))
        .singleElement()
        .asString()
        .contains("$quantile");
  }

  @Test
  void everyMetricIsInTheContractAndFilteredByTheVariables() {
    assertThat(onAll(DashboardLintTest::contractProblems)).isEmpty();
    assertThat(Dashboards.metricNames()).allSatisfy(m -> assertThat(resolve(m)).as(m).isPresent());
    ObjectNode broken = copy("run-overview.json");
    ArrayNode targets = (ArrayNode) firstVisualPanel(broken).path("targets");
    targets.removeAll();
    for (String expr :
        List.of(
            "sum(rate(broadside_requests_totl{run=~\"$run\", stage=~\"$stage\", model_name=~\"$model_name\"}[$__rate_interval]))",
            "sum(broadside_requests_total{run=\"run-1\", stage=~\"$stage\", model_name=~\"$model_name\"})",
            "sum(broadside_active_users{run=~\"$run\", stage=~\"$stage\"})",
            "histogram_quantile(0.99, sum by (le) (rate(broadside_e2e_request_latency_seconds_bucket{run=~\"$run\", stage=~\"$stage\", model_name=~\"$model_name\"}[$__rate_interval])))",
            "sum(rate(broadside_active_users{run=~\"$run\"}[$__rate_interval]))")) {
      targets.addObject().put("refId", "R" + targets.size()).put("expr", expr);
    }
    assertThat(contractProblems("broken", broken))
        .anySatisfy(
            p -> assertThat(p).contains("broadside_requests_totl is not in the metrics contract"))
        .anySatisfy(p -> assertThat(p).contains("filters run=run-1"))
        .anySatisfy(p -> assertThat(p).contains("broadside_active_users has no label stage"))
        .anySatisfy(p -> assertThat(p).contains("without the native half"))
        .anySatisfy(p -> assertThat(p).contains("rate over the gauge broadside_active_users"));
  }

  @Test
  void panelIdsAndDashboardUidsAreUnique() {
    assertThat(onAll(DashboardLintTest::idProblems)).isEmpty();
    assertThat(uidProblems(Dashboards.all())).isEmpty();
    ObjectNode broken = copy("client-vs-server.json");
    List<JsonNode> panels = Dashboards.panels(broken);
    ((ObjectNode) panels.get(panels.size() - 1)).put("id", panels.get(0).path("id").asInt());
    assertThat(idProblems("broken", broken))
        .singleElement()
        .asString()
        .contains("duplicate panel id");
    Map<String, JsonNode> twice = new LinkedHashMap<>(Dashboards.all());
    twice.put("copy.json", copy("models.json"));
    assertThat(uidProblems(twice))
        .singleElement()
        .asString()
        .contains("also the uid of models.json");
  }

  @Test
  void everyExpressionParses(@TempDir Path tmp) throws Exception {
    Path promtool = DebianTools.require("promtool");
    List<PanelQuery> queries = Dashboards.queries(VARS);
    assertThat(queries).hasSizeGreaterThan(50);
    DebianTools.Result ok = checkRules(promtool, tmp.resolve("dashboards.rules.json"), queries);
    assertThat(ok.exit()).as(ok.output()).isZero();
    assertThat(ok.output()).contains("SUCCESS: " + queries.size() + " rules found");

    List<PanelQuery> broken =
        List.of(
            queries.get(0),
            new PanelQuery(
                "broken.json",
                "unexpanded",
                "A",
                "sum(rate(broadside_requests_total[$__rate_interval]))"),
            new PanelQuery(
                "broken.json", "unbalanced", "B", "sum(rate(broadside_requests_total[20s])"));
    DebianTools.Result bad = checkRules(promtool, tmp.resolve("broken.rules.json"), broken);
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.output())
        .contains("broken_json:unexpanded:A")
        .contains("broken_json:unbalanced:B")
        .doesNotContain(recordName(queries.get(0), 0));
  }

  static String recordName(PanelQuery q, int index) {
    String name = q.dashboard() + ":" + q.panel() + ":" + q.refId();
    return "dashboard_" + index + ":" + name.replaceAll("[^A-Za-z0-9_:]", "_");
  }

  static DebianTools.Result checkRules(Path promtool, Path file, List<PanelQuery> queries)
      throws Exception {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode group = root.putArray("groups").addObject().put("name", "dashboards");
    ArrayNode rules = group.putArray("rules");
    for (int i = 0; i < queries.size(); i++) {
      rules
          .addObject()
          .put("record", recordName(queries.get(i), i))
          .put("expr", queries.get(i).expr());
    }
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    return DebianTools.run(
        file.getParent(), List.of(promtool.toString(), "check", "rules", file.toString()), null);
  }
}
