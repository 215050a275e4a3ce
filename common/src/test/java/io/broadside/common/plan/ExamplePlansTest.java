package io.broadside.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.testing.Schemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every plan shipped in the repository's {@code examples/} folder is valid, both ways. */
class ExamplePlansTest {
  /** Relative to the module folder, where Maven runs the tests. */
  private static final Path EXAMPLES = Path.of("..", "examples");

  static Stream<Path> examples() throws IOException {
    if (!Files.isDirectory(EXAMPLES)) {
      return Stream.empty();
    }
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      List<Path> plans =
          files
              .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .sorted()
              .toList();
      return plans.stream();
    }
  }

  @ParameterizedTest(allowZeroInvocations = true)
  @MethodSource("examples")
  void exampleParsesWithNoProblem(Path example) {
    ParseResult result = PlanParser.parse(example);

    assertThat(result.problems()).isEmpty();
    assertThat(result.ok()).isTrue();
  }

  @ParameterizedTest(allowZeroInvocations = true)
  @MethodSource("examples")
  void exampleConformsToThePlanSchema(Path example) throws IOException {
    assertThat(Schemas.violations(Schemas.PLAN, Files.readString(example))).isEmpty();
  }
}
