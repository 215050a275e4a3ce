package io.broadside.coordinator.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every dashboard validates against grafana/schema/dashboard.schema.json, the draft-07 schema
 * generated from npm @grafana/schema (grafana/schema/generate.sh).
 */
class DashboardSchemaTest {

  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    JsonNode tree =
        new ObjectMapper()
            .readTree(Dashboards.grafanaDir().resolve("schema/dashboard.schema.json").toFile());
    assertThat(tree.path("$schema").asText()).contains("draft-07");
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(tree);
  }

  static List<String> violations(JsonNode dashboard) {
    return schema.validate(dashboard).stream().map(ValidationMessage::getMessage).toList();
  }

  @Test
  void everyDashboardConformsToTheGrafanaSchema() {
    assertThat(Dashboards.all()).hasSize(5);
    for (Map.Entry<String, JsonNode> d : Dashboards.all().entrySet()) {
      assertThat(violations(d.getValue())).as(d.getKey()).isEmpty();
    }
  }

  @Test
  void aBrokenDashboardDoesNot() {
    ObjectNode broken = Dashboards.all().get("run-overview.json").deepCopy();
    ObjectNode gridPos = (ObjectNode) broken.path("panels").get(1).path("gridPos");
    gridPos.remove("x");
    gridPos.put("h", "four");
    assertThat(violations(broken))
        .contains(
            "$.panels[1].gridPos: required property 'x' not found",
            "$.panels[1].gridPos.h: string found, number expected");

    ObjectNode noVersion = Dashboards.all().get("models.json").deepCopy();
    noVersion.put("schemaVersion", "39");
    assertThat(violations(noVersion))
        .containsExactly("$.schemaVersion: string found, number expected");
  }
}
