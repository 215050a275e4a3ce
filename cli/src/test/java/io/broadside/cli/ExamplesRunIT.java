package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every plan in {@code examples/} runs against the simulator as written — its target, models,
 * dataset and protocol options — with only its URL's port pointed at the simulator's family of the
 * same default port, and its load cut to one short stage: every request succeeds.
 */
@ExtendWith(NoBlockedEventLoops.class)
class ExamplesRunIT {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  static Vertx vertx;
  static Simulator sim;
  @TempDir Path dir;

  @BeforeAll
  static void startSimulator() {
    vertx = Vertx.vertx();
    SimulatorConfig config =
        SimulatorConfig.defaults()
            .withPreset(GpuPreset.FAST)
            .withModels(
                java.util.stream.Stream.of(
                        java.util.stream.IntStream.rangeClosed(1, 200)
                            .mapToObj(n -> "granite-" + n),
                        java.util.stream.IntStream.range(0, 100)
                            .mapToObj(n -> "model-" + n + ".tar.gz"),
                        java.util.stream.Stream.of(
                            "llama-2-7b",
                            "mistral-7b",
                            "resnet-50",
                            "granite-3b-1",
                            "granite-3b-2",
                            "llama-2-7b-1",
                            "llama-2-7b-2"))
                    .flatMap(m -> m)
                    .toList());
    for (Family family : EnumSet.allOf(Family.class)) {
      config = config.withFamily(family, 0);
    }
    sim = Simulator.start(vertx, config.withEphemeralPorts()).await();
    System.setProperty("aws.accessKeyId", "AKIDEXAMPLES");
    System.setProperty("aws.secretAccessKey", "examples-secret");
  }

  @AfterAll
  static void stopSimulator() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    sim.close().await();
    vertx.close().await();
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleRunsAgainstTheSimulator(Path example) throws Exception {
    ObjectNode plan = (ObjectNode) YAML.readTree(example.toFile());
    ObjectNode target = (ObjectNode) plan.get("target");
    URI url = URI.create(target.get("url").asText());
    Family family =
        EnumSet.allOf(Family.class).stream()
            .filter(f -> f.defaultPort() == url.getPort())
            .findFirst()
            .orElseThrow();
    target.put(
        "url",
        url.getScheme()
            + "://127.0.0.1:"
            + sim.port(family)
            + (url.getRawPath() == null ? "" : url.getRawPath()));
    ObjectNode load = (ObjectNode) plan.get("load");
    for (String shape : io.broadside.common.plan.PlanParser.LOAD_SHAPES) {
      load.remove(shape);
    }
    ObjectNode stage =
        load.putArray("stages").addObject().put("name", "short").put("duration", "1s");
    if (load.path("mode").asText().equals("open")) {
      stage.put("rate", "20/s");
    } else {
      stage.put("users", 2);
    }
    plan.remove("thresholds");
    plan.remove("warmup");
    if (plan.path("dataset").has("file")) {
      // the plan moves to a temporary folder, and the files it names with it: a plan names only
      // files inside its own folder
      copy(plan.get("dataset").get("file").asText(), dir);
    }
    for (JsonNode tensor : target.path("tensors")) {
      // and so do its tensors' files and images
      for (String key : List.of("file", "images")) {
        if (tensor.has(key)) {
          copy(tensor.get(key).asText(), dir);
        }
      }
    }
    Path file = dir.resolve(example.getFileName());
    Files.writeString(file, YAML.writeValueAsString(plan));

    int exit =
        Main.execute(
            "run", file.toString(), "--port", "0", "--out", dir.resolve("runs").toString());

    assertThat(exit).isEqualTo(0);
    JsonNode all;
    try (var runs = Files.list(dir.resolve("runs"))) {
      all =
          JSON.readTree(runs.findFirst().orElseThrow().resolve("summary.json").toFile())
              .at("/stages/0/all");
    }
    assertThat(all.at("/requests/ok").asLong()).as(all.toString()).isPositive();
    assertThat(all.at("/requests/failed").asLong()).as(all.at("/errors").toString()).isZero();
  }

  /** Copies the example's file or folder {@code name} to the same name under {@code dir}. */
  private static void copy(String name, Path dir) throws java.io.IOException {
    Path from = EXAMPLES.resolve(name).normalize();
    Path to = dir.resolve(name).normalize();
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
