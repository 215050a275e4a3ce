package io.broadside.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.testing.Schemas;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** summary.schema.json describes DESIGN.md §7's summary.json and names the plan's metrics. */
class SummarySchemaTest {
  static String row(String model) {
    String latency =
        "{\"count\": 3, \"mean\": 0.2, \"p50\": 0.19, \"p90\": 0.3, \"p95\": 0.31,"
            + " \"p99\": 0.32, \"p999\": 0.32, \"max\": 0.32}";
    String empty =
        "{\"count\": 0, \"mean\": null, \"p50\": null, \"p90\": null, \"p95\": null,"
            + " \"p99\": null, \"p999\": null, \"max\": null}";
    return """
        {"model": "%s",
         "requests": {"ok": 3, "failed": 1, "dropped": 0, "interrupted": 0},
         "errors": {"http_503": 1},
         "latency": {"e2e": %s, "ttft": %s, "ttfc": %s, "tpot": %s, "itl": %s,
                     "queue": %s, "service": %s, "cold": %s, "ttfr": %s, "ttfa": %s,
                     "answer_tpot": %s},
         "throughput": {"requestsPerS": 0.1, "outputTokensPerS": 12.8, "totalTokensPerS": 40},
         "goodputPerS": 0.1,
         "cost": {"usdPerMillionTokens": 26.3, "minutesPerMillionTokens": 1302.1},
         "tokenSource": "server",
         "outputTokens": 384,
         "promptTokens": 768,
         "windowS": 30.0,
         "outOfRange": 0,
         "backoffs": 0,
         "reasoningTokens": 96,
         "cachedTokens": 512,
         "cacheHitRatio": 0.667}
        """
        .formatted(
            model, latency, latency, latency, latency, empty, latency, latency, empty, latency,
            latency, latency);
  }

  static String summary(String models, String all) {
    return """
        {"run": "r-1", "status": "completed",
         "stages": [{"name": "stage-1", "models": [%s], "all": %s}],
         "failures": [{"errorClass": "http_503", "count": 1, "stage": "stage-1",
                       "model": "llama-2-7b", "detail": "503 busy", "atUs": 1700000000000000}]}
        """
        .formatted(models, all);
  }

  @Test
  void aSummaryOfTheDocumentedShapeConforms() {
    String valid = summary(row("llama-2-7b"), row("*"));

    assertThat(Schemas.violations(Schemas.SUMMARY, valid)).isEmpty();
  }

  @Test
  void aNullCostConforms() {
    String noCost =
        summary(row("m"), row("*")).replaceAll("\\{\"usdPerMillionTokens\"[^}]*}", "null");

    assertThat(noCost).contains("\"cost\": null");
    assertThat(Schemas.violations(Schemas.SUMMARY, noCost)).isEmpty();
  }

  @Test
  void theAllRowMustBeModelStar() {
    assertThat(Schemas.violations(Schemas.SUMMARY, summary(row("m"), row("m")))).isNotEmpty();
  }

  @Test
  void unknownFieldsAndMissingFieldsFail() {
    String extra =
        summary(row("m"), row("*")).replace("\"goodputPerS\"", "\"extra\": 1, \"goodputPerS\"");
    String missing = summary(row("m"), row("*")).replace("\"windowS\": 30.0", "\"windowZ\": 30.0");
    String badSource = summary(row("m"), row("*")).replace("\"server\"", "\"guess\"");

    assertThat(Schemas.violations(Schemas.SUMMARY, extra)).isNotEmpty();
    assertThat(Schemas.violations(Schemas.SUMMARY, missing)).isNotEmpty();
    assertThat(Schemas.violations(Schemas.SUMMARY, badSource)).isNotEmpty();
  }

  @Test
  void latencyKeysAreThePlansThresholdMetricsAndStats() {
    JsonNode modelRow = Schemas.tree(Schemas.SUMMARY).at("/$defs/modelRow/properties");
    JsonNode latency = Schemas.tree(Schemas.SUMMARY).at("/$defs/latency/properties");
    List<String> stats = new ArrayList<>();
    latency.fieldNames().forEachRemaining(stats::add);
    List<String> metrics = new ArrayList<>();
    modelRow.at("/latency/properties").fieldNames().forEachRemaining(metrics::add);

    assertThat(metrics).isEqualTo(Threshold.LATENCY_METRICS);
    assertThat(stats.subList(1, stats.size())).isEqualTo(Threshold.STATS);
    assertThat(stats.get(0)).isEqualTo("count");
  }
}
