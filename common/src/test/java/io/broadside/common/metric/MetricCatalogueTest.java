package io.broadside.common.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The metric catalogue follows Prometheus's naming rules, and README.md's table is its own. */
class MetricCatalogueTest {
  @Test
  void readmeTableIsTheCatalogue() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme)
        .as("README.md's metrics table; regenerate it from MetricCatalogue.markdownTable()")
        .contains(MetricCatalogue.markdownTable());
  }

  @Test
  void namesFollowPrometheusConventions() {
    Set<String> names = new HashSet<>();
    for (MetricCatalogue.Family f : MetricCatalogue.families()) {
      assertThat(names.add(f.name())).as("unique " + f.name()).isTrue();
      assertThat(f.name()).startsWith("broadside_").matches("[a-z0-9_]+");
      assertThat(f.definition()).as("help of " + f.name()).isNotBlank();
      if (f.type() == MetricCatalogue.Type.COUNTER) {
        assertThat(f.name()).endsWith("_total");
      }
      if (f.unit().equals("seconds")) {
        assertThat(f.name()).endsWith("_seconds");
      }
      if (f.labels().contains("model_name")) {
        assertThat(f.labels()).contains("run", "stage", "target");
      }
      assertThat(f.labels().contains("agent")).isEqualTo(f.name().startsWith("broadside_agent_"));
    }
    for (LatencyMetric m : LatencyMetric.values()) {
      assertThat(MetricCatalogue.find(m.promName())).isPresent();
      assertThat(MetricCatalogue.find(MetricCatalogue.windowName(m))).isPresent();
      double[] bounds = MetricCatalogue.classicBounds(m);
      for (int i = 1; i < bounds.length; i++) {
        assertThat(bounds[i]).isGreaterThan(bounds[i - 1]);
      }
    }
    assertThat(MetricCatalogue.windowName(LatencyMetric.TTFT))
        .isEqualTo("broadside_time_to_first_token_window_seconds");
  }
}
