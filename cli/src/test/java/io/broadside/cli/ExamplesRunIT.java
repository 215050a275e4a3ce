package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
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
 * Every plan in {@code examples/} says in its header how to start the simulator for it, and runs
 * against the simulator started exactly so (on ports of its own) as written — its target, models,
 * dataset and protocol options — with only its URL's port pointed at the simulator's family of the
 * same default port, and its load cut to one short stage: every request succeeds.
 */
@ExtendWith(NoBlockedEventLoops.class)
class ExamplesRunIT {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The line of an example's header that says how to start the simulator for it. */
  static final String HEADER = "# Start the simulator for it: ./broadside simulate";

  static Vertx vertx;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    System.setProperty("aws.accessKeyId", "AKIDEXAMPLES");
    System.setProperty("aws.secretAccessKey", "examples-secret");
  }

  @AfterAll
  static void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    vertx.close().await();
  }

  /**
   * The simulator exactly as the example's header starts it, on ports of the test's own (two runs
   * of the suite may share a host).
   */
  static Simulator simulatorFor(Path example) throws IOException {
    String header =
        Files.readAllLines(example).stream()
            .filter(l -> l.startsWith(HEADER))
            .findFirst()
            .orElseThrow(() -> new AssertionError(example + " has no line '" + HEADER + " …'"));
    SimulateCommand command = new SimulateCommand();
    new picocli.CommandLine(command).parseArgs(words(header.substring(HEADER.length())));
    SimulatorConfig config = command.config().withEphemeralPorts();
    for (Family family : java.util.Set.copyOf(config.ports().keySet())) {
      config = config.withFamily(family, 0);
    }
    return Simulator.start(vertx, config).await();
  }

  /** A command line's words, as a shell splits them (single quotes keep what they hold). */
  static String[] words(String line) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (word != null) {
          out.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      out.add(word.toString());
    }
    return out.toArray(String[]::new);
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleRunsAgainstTheSimulatorItsHeaderStarts(Path example) throws Exception {
    Simulator sim = simulatorFor(example);
    try {
      run(example, sim);
    } finally {
      sim.close().await();
    }
  }

  private void run(Path example, Simulator sim) throws Exception {
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
        load.putArray("stages").addObject().put("name", "short").put("duration", "500ms");
    if (load.path("mode").asText().equals("open")) {
      stage.put("rate", "20/s");
    } else {
      stage.put("users", 2);
    }
    plan.remove("thresholds");
    plan.remove("warmup");
    if (plan.path("maxTokens").asInt() > 16) {
      // and its answers to a few tokens: the run checks the protocol, not the GPU's patience
      plan.put("maxTokens", 16);
    }
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
