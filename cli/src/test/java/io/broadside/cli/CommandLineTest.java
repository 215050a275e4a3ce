package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line as a new user meets it: every command takes --help and -h (also with its
 * required arguments missing) and {@code help CMD}; every option says what it does; a port already
 * taken is one line naming the port and the flag that moves it, exit 2; a simulator's ports move
 * together; {@code validate} warns of a URL that already ends with the protocol's path.
 */
class CommandLineTest {
  @TempDir Path dir;

  private record Ran(int exit, String out) {}

  private static Ran run(String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream both = new PrintStream(buf, true, StandardCharsets.UTF_8);
    int exit;
    try {
      System.setOut(both);
      System.setErr(both);
      exit = Main.execute(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Ran(exit, buf.toString(StandardCharsets.UTF_8));
  }

  private static List<String> commands() {
    return List.copyOf(new CommandLine(new Main()).getSubcommands().keySet());
  }

  @Test
  void everyCommandTakesHelpAndDashHAndHelpCmd() {
    assertThat(commands())
        .contains("demo", "run", "validate", "simulate", "coordinator", "agent", "runs", "agents")
        .contains("stop", "report", "help", "generate-completion");
    for (String command : commands()) {
      for (String flag : List.of("--help", "-h")) {
        Ran r = run(command, flag);
        assertThat(r.exit()).as(command + " " + flag + ": " + r.out()).isZero();
        assertThat(r.out()).as(command + " " + flag).contains("Usage: broadside " + command);
      }
      if (!command.equals("help")) {
        Ran r = run("help", command);
        assertThat(r.exit()).as("help " + command).isZero();
        assertThat(r.out()).contains("Usage: broadside " + command);
      }
    }
  }

  @Test
  void everyOptionAndParameterSaysWhatItDoes() {
    CommandLine line = new CommandLine(new Main());
    for (var e : line.getSubcommands().entrySet()) {
      var spec = e.getValue().getCommandSpec();
      assertThat(spec.usageMessage().description()).as(e.getKey()).isNotEmpty();
      for (var option : spec.options()) {
        assertThat(String.join(" ", option.description()))
            .as(e.getKey() + " " + option.longestName())
            .isNotBlank();
      }
      for (var parameter : spec.positionalParameters()) {
        assertThat(String.join(" ", parameter.description()))
            .as(e.getKey() + " " + parameter.paramLabel())
            .isNotBlank();
      }
    }
  }

  @Test
  void aTakenPortIsOneLineNamingItAndItsFlag() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();
      Ran r = run("simulate", "--openai-only", "--port", Integer.toString(port));
      assertThat(r.exit()).as(r.out()).isEqualTo(2);
      assertThat(r.out().strip()).isEqualTo("port " + port + " is taken: move it with --port");
      assertThat(r.out()).doesNotContain("BindException").doesNotContain("\tat ");
    }
  }

  @Test
  void portBaseMovesEverySimulatorPortTogether() {
    SimulateCommand command = new SimulateCommand();
    new CommandLine(command).parseArgs("--port-base", "9100");
    SimulatorConfig config = command.config();
    assertThat(config.port()).isEqualTo(9100);
    assertThat(config.ports())
        .containsEntry(Family.TGI, 9101)
        .containsEntry(Family.KSERVE, 9102)
        .containsEntry(Family.SAGEMAKER, 9104)
        .containsEntry(Family.GRPC, 9133);
    assertThat(command.ports()).containsKeys(9100, 9101, 9102, 9103, 9104, 9133);
  }

  @Test
  void validateWarnsOfAUrlThatEndsWithTheProtocolsPath() throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(
        plan,
        """
        name: twice
        target: {protocol: openai-chat, url: http://127.0.0.1:8000/v1/chat/completions}
        models: [llama-2-7b]
        load: {mode: closed, stages: [{duration: 1s, users: 1}]}
        """);
    Ran r = run("validate", plan.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("warning: $.target.url: ends with the path Broadside adds for openai-chat")
        .contains("(http://127.0.0.1:8000)");
  }
}
