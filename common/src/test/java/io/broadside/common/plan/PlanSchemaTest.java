package io.broadside.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.testing.Schemas;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** plan.schema.json, for editors, stays in step with {@link PlanParser}, the authority. */
class PlanSchemaTest {
  @Test
  void schemaPropertiesEqualTheParsersKnownKeys() {
    JsonNode schema = Schemas.tree(Schemas.PLAN);
    Map<String, Set<String>> properties = new HashMap<>();

    collectProperties(schema, schema, "$", properties);

    assertThat(properties).isEqualTo(PlanParser.KNOWN_KEYS);
  }

  @Test
  void schemaAcceptsEveryThresholdKeyTheParserAccepts() {
    StringBuilder plan = new StringBuilder(PlanParserTest.MINIMAL).append("thresholds:\n");
    plan.append("  errorRate: 1%\n");
    for (String metric : Threshold.LATENCY_METRICS) {
      for (String stat : Threshold.STATS) {
        plan.append("  ").append(metric).append('.').append(stat).append(": 1s\n");
      }
    }

    assertThat(PlanParser.parse(plan.toString(), null).problems()).isEmpty();
    assertThat(Schemas.violations(Schemas.PLAN, plan.toString())).isEmpty();
    assertThat(
            Schemas.violations(Schemas.PLAN, PlanParserTest.MINIMAL + "thresholds: {ttft.p98: 1s}"))
        .isNotEmpty();
  }

  @Test
  void aFullPlanConformsToTheSchema() throws Exception {
    String full = java.nio.file.Files.readString(PlanParserTest.resource("full.yaml"));

    assertThat(Schemas.violations(Schemas.PLAN, full)).isEmpty();
  }

  @Test
  void aWrongPlanFailsTheSchema() {
    String wrong =
        """
        name: wrong
        target: {protocol: grpc, url: http://h:1, foo: 1}
        models: []
        maxTokens: 0
        load:
          mode: closed
          arrival: poisson
          stages: [{duration: 30, users: 1}, {duration: 1s, rate: 0.5/s}]
        slo: {ttft: fast}
        """;

    assertThat(Schemas.violations(Schemas.PLAN, wrong))
        .anySatisfy(m -> assertThat(m).contains("$.target.protocol"))
        .anySatisfy(m -> assertThat(m).contains("foo"))
        .anySatisfy(m -> assertThat(m).contains("$.models"))
        .anySatisfy(m -> assertThat(m).contains("$.maxTokens"))
        .anySatisfy(m -> assertThat(m).contains("$.load.stages[0].duration"))
        .anySatisfy(m -> assertThat(m).contains("$.slo.ttft"));
  }

  @Test
  void schemaRejectsOptionsOfTheOtherLoadMode() {
    String open =
        """
        name: open
        target: {protocol: openai-chat, url: http://h:1}
        models: [m]
        load: {mode: open, thinkTime: 1s, stages: [{duration: 1s, users: 1}]}
        """;

    assertThat(Schemas.violations(Schemas.PLAN, open)).isNotEmpty();
  }

  /**
   * Walks the schema as the parser walks a plan: {@code properties} name an object's keys, {@code
   * items} step into a list ({@code []}), {@code $ref} and {@code oneOf} branches stay at the same
   * path. Conditionals ({@code allOf}, {@code if}/{@code then}) only narrow and are not walked;
   * pattern-keyed objects (thresholds) are checked by their own test.
   */
  private static void collectProperties(
      JsonNode root, JsonNode node, String path, Map<String, Set<String>> out) {
    if (node.has("$ref")) {
      String pointer = node.get("$ref").asText().substring(1);
      collectProperties(root, root.at(pointer), path, out);
    }
    for (String branches : new String[] {"oneOf", "anyOf"}) {
      node.path(branches).forEach(branch -> collectProperties(root, branch, path, out));
    }
    if (node.has("items")) {
      collectProperties(root, node.get("items"), path + "[]", out);
    }
    if (node.has("properties") && !node.has("patternProperties")) {
      Set<String> keys = new LinkedHashSet<>();
      node.get("properties")
          .fields()
          .forEachRemaining(
              field -> {
                keys.add(field.getKey());
                collectProperties(root, field.getValue(), path + "." + field.getKey(), out);
              });
      out.merge(
          path,
          keys,
          (a, b) -> {
            Set<String> union = new LinkedHashSet<>(a);
            union.addAll(b);
            return union;
          });
    }
  }
}
