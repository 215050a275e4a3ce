package io.broadside.coordinator.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.coordinator.dashboards.Dashboards.PanelQuery;
import io.broadside.coordinator.dashboards.Dashboards.Selector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The helpers other tests rely on: variable substitution, query listing, metric names. */
class DashboardsTest {

  @Test
  void substitutesEveryVariableForm() {
    Map<String, String> vars = Map.of("run", "r1", "model_name", ".*", "__rate_interval", "20s");
    assertThat(
            Dashboards.substitute(
                "x{run=~\"$run\", a=~\"${model_name}\", b=~\"${model_name:regex}\", c=\"[[run]]\","
                    + " d=\"$model\"}[$__rate_interval]",
                vars))
        .isEqualTo("x{run=~\"r1\", a=~\".*\", b=~\".*\", c=\"r1\", d=\"$model\"}[20s]");
  }

  @Test
  void listsTheQueriesOfEveryPanelIncludingCollapsedRows() {
    List<PanelQuery> queries = Dashboards.queries(DashboardLintTest.VARS);
    assertThat(queries).allSatisfy(q -> assertThat(q.expr()).doesNotContain("$"));
    assertThat(queries)
        .extracting(PanelQuery::dashboard)
        .contains(
            "run-overview.json",
            "llm-latency.json",
            "models.json",
            "generator-health.json",
            "client-vs-server.json");
    // TGIS panels live in a collapsed row of client-vs-server
    assertThat(queries)
        .anySatisfy(
            q -> {
              assertThat(q.dashboard()).isEqualTo("client-vs-server.json");
              assertThat(q.panel()).isEqualTo("TGIS request duration");
              assertThat(q.refId()).isEqualTo("A");
              assertThat(q.expr()).contains("tgi_request_duration_bucket[20s]");
            });
  }

  @Test
  void findsMetricNamesAndTheirFamilies() {
    String expr =
        "histogram_quantile(0.99, sum by (le, model_name) (rate(vllm:e2e_request_latency_seconds_bucket"
            + "{model_name=~\"$model_name\", le!=\"+Inf\"}[$__rate_interval]))) or sum without (gpu)"
            + " (DCGM_FI_DEV_GPU_UTIL) / ignoring (error_type) group_left sum(up offset 5m) * 1e3"
            + " > bool 0.5 and on (model_name) max by (model_name) (x{quantile=\"0.99\"})";
    assertThat(Dashboards.metricNames(expr))
        .containsExactlyInAnyOrder(
            "vllm:e2e_request_latency_seconds_bucket",
            "vllm:e2e_request_latency_seconds",
            "DCGM_FI_DEV_GPU_UTIL",
            "up",
            "x");
    assertThat(Dashboards.selectors("rate(broadside_requests_total{outcome=\"ok\"}[1m])"))
        .containsExactly(new Selector("broadside_requests_total", "outcome=\"ok\""));
    assertThat(Dashboards.metricNames())
        .contains(
            "broadside_requests_total",
            "broadside_time_to_first_token_seconds",
            "broadside_time_to_first_token_seconds_bucket",
            "vllm:time_to_first_token_seconds",
            "tgi_request_duration")
        .doesNotContain("sum", "rate", "by", "le", "model_name", "histogram_quantile");
  }
}
