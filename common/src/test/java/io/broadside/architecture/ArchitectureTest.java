package io.broadside.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The structure the code keeps: no package cycles in any module, and the modules use each other
 * only downward (common ← protocol ← agent, coordinator; the simulator beside them; the cli on
 * top), with agent and coordinator never using each other.
 */
class ArchitectureTest {
  private static final Path ROOT = root();
  private static final List<String> MODULES =
      List.of("common", "protocol", "agent", "coordinator", "simulator", "cli");
  private static final SourceGraph GRAPH = SourceGraph.read(ROOT, MODULES);

  private static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("common")) ? here : here.getParent();
  }

  @Test
  void noModuleHasAPackageCycle() {
    assertThat(GRAPH.uses).hasSizeGreaterThan(40);
    assertThat(GRAPH.cycles()).as("package cycles").isEmpty();
  }

  @Test
  void agentAndCoordinatorNeverUseEachOther() {
    assertThat(GRAPH.uses("agent", "io.broadside.coordinator")).isEmpty();
    assertThat(GRAPH.uses("coordinator", "io.broadside.agent")).isEmpty();
  }

  @Test
  void theSimulatorStandsApartFromTheLoadTester() {
    assertThat(GRAPH.uses("simulator", "io.broadside.agent")).isEmpty();
    assertThat(GRAPH.uses("simulator", "io.broadside.coordinator")).isEmpty();
    assertThat(GRAPH.uses("simulator", "io.broadside.cli")).isEmpty();
  }

  @Test
  void commonAndProtocolUseNothingAboveThem() {
    for (String above : List.of("agent", "coordinator", "simulator", "cli")) {
      assertThat(GRAPH.uses("common", "io.broadside." + above)).isEmpty();
      assertThat(GRAPH.uses("protocol", "io.broadside." + above)).isEmpty();
    }
  }

  @Test
  void aCycleIsFoundAndNamedWithTheFilesThatMakeIt() {
    SourceGraph g = new SourceGraph();
    g.add("m", "a/A.java", "package io.broadside.x.a;\nimport io.broadside.x.b.B;\nclass A {}");
    g.add(
        "m",
        "b/B.java",
        "package io.broadside.x.b;\n// io.broadside.x.c.C in a comment is no use\n"
            + "class B { Object o = io.broadside.x.c.C.of(\"io.broadside.x.a.A\"); }");
    g.add("m", "c/C.java", "package io.broadside.x.c;\nimport static io.broadside.x.a.A.f;\n");
    g.add("m", "d/D.java", "package io.broadside.x.d;\nimport io.broadside.x.a.*;\n");
    assertThat(g.cycles())
        .singleElement()
        .asString()
        .startsWith("io.broadside.x.a <-> io.broadside.x.b <-> io.broadside.x.c:")
        .contains("io.broadside.x.a -> io.broadside.x.b (a/A.java)")
        .contains("io.broadside.x.b -> io.broadside.x.c (b/B.java)")
        .contains("io.broadside.x.c -> io.broadside.x.a (c/C.java)")
        .doesNotContain("x.d");
    assertThat(g.uses("m", "io.broadside.x.a"))
        .contains("io.broadside.x.d -> io.broadside.x.a (d/D.java)");
  }
}
