package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code broadside run PLAN --coordinator URL} against a coordinator and two agents, each a process
 * of its own in a working directory of its own: the plan's dataset, trace and image folder exist
 * only beside the plan on the client, travel with it, and reach both agents (which send from
 * 127.0.0.2 and 127.0.0.3, so the simulator's log tells their requests apart). The command prints
 * the live line and the summary table and exits as a local run would; {@code runs}, {@code agents},
 * {@code stop} and {@code report} read the same coordinator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteRunIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  Vertx vertx;
  Simulator sim;
  final List<Process> processes = new ArrayList<>();
  String url;

  @BeforeAll
  void cluster() throws Exception {
    vertx = Vertx.vertx();
    sim =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults()
                    .withPreset(GpuPreset.FAST)
                    .withModels(List.of("llama-2-7b", "resnet-50"))
                    .withRequestLog(dir.resolve("served.jsonl"))
                    .withEphemeralPorts()
                    .withFamily(Family.KSERVE, 0))
            .await();
    int http = freePort();
    int grpc = freePort();
    int hz = freePort();
    url = "http://127.0.0.1:" + http;
    start(
        "coordinator",
        "coordinator",
        "--port",
        "" + http,
        "--grpc-port",
        "" + grpc,
        "--hz-port",
        "" + hz,
        "--data",
        "data");
    for (int i = 1; i <= 2; i++) {
      start(
          "agent" + i,
          "agent",
          "--join",
          "127.0.0.1:" + hz,
          "--hz-port",
          "" + freePort(),
          "--id",
          "agent-" + i,
          "--source",
          "127.0.0." + (i + 1),
          "--data",
          "data");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        JsonNode agents = get("/api/v1/agents");
        if (agents.size() == 2) {
          break;
        }
      } catch (IOException e) {
        // not up yet
      }
      assertThat(System.nanoTime()).as("two agents joined within 60 s").isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  @AfterAll
  void stopAll() {
    processes.forEach(Process::destroy);
    for (Process p : processes) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      p.destroyForcibly();
    }
    vertx.close().await();
  }

  private void start(String where, String... args) throws IOException {
    Path cwd = Files.createDirectories(dir.resolve(where));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-Dhazelcast.phone.home.enabled=false");
    command.add("-jar");
    command.add(Path.of("target", "broadside.jar").toAbsolutePath().toString());
    command.addAll(List.of(args));
    processes.add(
        new ProcessBuilder(command)
            .directory(cwd.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(where + ".log").toFile())
            .start());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private record Ran(int exit, String output) {}

  /** The command line in a process of its own, in the client's folder. */
  private Ran cli(Path cwd, long timeoutS, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(Path.of("target", "broadside.jar").toAbsolutePath().toString());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (out) {
                    out.append(line).append('\n');
                  }
                }
              } catch (IOException e) {
                // the process went
              }
            });
    reader.start();
    try {
      assertThat(p.waitFor(timeoutS, TimeUnit.SECONDS)).as("exited").isTrue();
      reader.join(5_000);
      synchronized (out) {
        return new Ran(p.exitValue(), out.toString());
      }
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aPlanWithItsDatasetAndTraceRunsOnBothAgentsWithTheSamePrompts() throws Exception {
    Path client = Files.createDirectories(dir.resolve("client"));
    Files.createDirectories(client.resolve("data"));
    // three conversations whose prompts have 3, 9 and 27 words: each agent must send all three
    Files.writeString(
        client.resolve("data/chats.json"),
        """
        [{"conversations": [{"from": "human", "value": "one two three"}, {"from": "gpt", "value": "a b"}]},
         {"conversations": [{"from": "human", "value": "%s"}, {"from": "gpt", "value": "a b c"}]},
         {"conversations": [{"from": "human", "value": "%s"}, {"from": "gpt", "value": "a"}]}]
        """
            .formatted("w ".repeat(9).strip(), "w ".repeat(27).strip()));
    Files.writeString(client.resolve("data/trace.csv"), "minute,requests\n0,120\n1,180\n");
    Files.writeString(
        client.resolve("plan.yaml"),
        """
        name: remote-files
        tags: {suite: remote}
        target: {protocol: openai-completions, url: http://127.0.0.1:%d}
        models: [llama-2-7b]
        dataset: {file: data/chats.json, sampling: sequential}
        maxTokens: 8
        load:
          mode: open
          maxConcurrency: 32
          trace: {file: data/trace.csv, format: counts, minute: 2s}
        thresholds: {errorRate: 1%%}
        """
            .formatted(sim.port()));

    Ran ran = cli(client, 120, "run", "plan.yaml", "--coordinator", url);

    assertThat(ran.exit()).as(ran.output()).isZero();
    assertThat(ran.output())
        .contains("sending the plan with 2 file(s)")
        .contains("console: " + url + "/#/runs/")
        .contains("] running stage")
        .contains("TTFT p50/p99 ms")
        .contains(" completed");
    String id =
        ran.output()
            .lines()
            .filter(l -> l.startsWith("run "))
            .findFirst()
            .orElseThrow()
            .split(" ")[1];
    // the coordinator keeps the plan's bundle; neither agent's folder ever held the files
    assertThat(dir.resolve("coordinator/data/" + id + "/bundle/data/chats.json")).exists();
    assertThat(dir.resolve("agent1/data/chats.json")).doesNotExist();
    // each agent fetched them from the coordinator, checked them by hash and keeps them so
    String sha = io.broadside.common.plan.PlanBundle.sha256(client.resolve("data/chats.json"));
    assertThat(dir.resolve("agent1/data/.files/" + sha))
        .hasSameBinaryContentAs(client.resolve("data/chats.json"));
    assertThat(dir.resolve("agent2/data/.files/" + sha))
        .hasSameBinaryContentAs(client.resolve("data/chats.json"));
    // both agents sent, and each sent all three prompts
    Map<String, Set<Integer>> promptsBySource =
        RequestLogReader.read(dir.resolve("served.jsonl")).stream()
            .filter(e -> e.endpoint().contains("completions"))
            .collect(
                Collectors.groupingBy(
                    RemoteRunIT::source,
                    Collectors.mapping(
                        RequestLogEntry::promptTokens, Collectors.toCollection(TreeSet::new))));
    assertThat(promptsBySource).containsOnlyKeys("127.0.0.2", "127.0.0.3");
    assertThat(promptsBySource.get("127.0.0.2"))
        .hasSize(3)
        .isEqualTo(promptsBySource.get("127.0.0.3"));
    // the merged count is what the simulator served (300 requests by the trace)
    JsonNode summary = get("/api/v1/runs/" + id + "/summary");
    long merged = 0;
    for (JsonNode stage : summary.path("stages")) {
      merged += stage.path("all").path("requests").path("ok").asLong();
    }
    long served =
        RequestLogReader.read(dir.resolve("served.jsonl")).stream()
            .filter(e -> e.endpoint().contains("completions") && e.status() == 200)
            .count();
    assertThat(merged).isEqualTo(served).isEqualTo(300);

    // the other commands read the same coordinator
    Ran runs = cli(client, 30, "runs", "--coordinator", url);
    assertThat(runs.exit()).as(runs.output()).isZero();
    assertThat(runs.output()).contains(id).contains("remote-files").contains("completed");
    Ran agents = cli(client, 30, "agents", "--coordinator", url);
    assertThat(agents.output()).contains("agent-1").contains("agent-2").contains("idle");
    Ran report = cli(client, 30, "report", id, "--coordinator", url, "--out", "r.html");
    assertThat(report.exit()).as(report.output()).isZero();
    assertThat(Files.readString(client.resolve("r.html"))).contains("remote-files");
    Ran stop = cli(client, 30, "stop", id, "--coordinator", url);
    assertThat(stop.output()).contains("has ended already (completed)");
  }

  @Test
  void anImageFolderTravelsWithItsPlan() throws Exception {
    Path client = Files.createDirectories(dir.resolve("images-client"));
    Path images = Files.createDirectories(client.resolve("pictures"));
    for (String name : List.of("checkers.jpg", "gradient.png")) {
      Files.copy(Path.of("..", "examples", "datasets", "images", name), images.resolve(name));
    }
    Files.writeString(
        client.resolve("plan.yaml"),
        """
        name: remote-images
        target:
          protocol: kserve-v2
          url: http://127.0.0.1:%d
          tensors:
            - {name: INPUT__0, shape: [1, 224, 224, 3], datatype: FP32, fill: images, images: pictures}
        models: [resnet-50]
        dataset: {synthetic: {inputTokens: 1}, seed: 7}
        load: {mode: open, arrival: constant, maxConcurrency: 8, stages: [{duration: 2s, rate: 10/s}]}
        """
            .formatted(sim.port(Family.KSERVE)));

    Ran ran = cli(client, 120, "run", "plan.yaml", "--coordinator", url);

    assertThat(ran.exit()).as(ran.output()).isZero();
    assertThat(ran.output()).contains("sending the plan with 2 file(s)").contains(" completed");
    assertThat(
            RequestLogReader.read(dir.resolve("served.jsonl")).stream()
                .filter(e -> e.model().equals("resnet-50") && e.status() == 200)
                .map(RemoteRunIT::source)
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("127.0.0.2", "127.0.0.3");
  }

  @Test
  void aBrokenPlanNamesItsProblemsAndStartsNothing() throws Exception {
    Path client = Files.createDirectories(dir.resolve("broken-client"));
    Files.writeString(
        client.resolve("plan.yaml"),
        """
        name: broken
        target: {protocol: openai-chat, url: http://127.0.0.1:1}
        models: [llama-2-7b]
        dataset: {file: missing.jsonl}
        load: {mode: closed, stages: [{duration: 1s, users: 1}]}
        """);
    Ran ran = cli(client, 30, "run", "plan.yaml", "--coordinator", url);
    assertThat(ran.exit()).isEqualTo(2);
    assertThat(ran.output()).contains("$.dataset.file");
  }

  @Test
  void aGateComparesWithARunOfTheCoordinator() throws Exception {
    Path client = Files.createDirectories(dir.resolve("gate-client"));
    String plan =
        """
        name: remote-gate
        target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
        models: [llama-2-7b]
        maxTokens: 8
        load: {mode: closed, stages: [{name: steady, duration: 2s, users: 2}]}
        """
            .formatted(sim.port());
    Files.writeString(client.resolve("baseline.yaml"), plan);
    Ran baseline = cli(client, 60, "run", "baseline.yaml", "--coordinator", url);
    assertThat(baseline.exit()).as(baseline.output()).isZero();
    String id =
        baseline
            .output()
            .lines()
            .filter(l -> l.startsWith("run "))
            .findFirst()
            .orElseThrow()
            .split(" ")[1];
    Files.writeString(
        client.resolve("gated.yaml"),
        plan + "gate: {baseline: " + id + ", metrics: {ttft.p50: 1000%, throughput: 1000%}}\n");
    Ran gated = cli(client, 60, "run", "gated.yaml", "--coordinator", url);
    assertThat(gated.exit()).as(gated.output()).isZero();
    assertThat(gated.output())
        .contains("gate: comparing with the baseline " + id)
        .contains("ttft.p50")
        .contains("throughput");
    Files.writeString(
        client.resolve("lost.yaml"), plan + "gate: {baseline: 20990101-000000-beef}\n");
    Ran lost = cli(client, 60, "run", "lost.yaml", "--coordinator", url);
    assertThat(lost.exit()).as(lost.output()).isEqualTo(2);
    assertThat(lost.output()).contains("gate: no run 20990101-000000-beef on the coordinator");
  }

  @Test
  void anUnreachableCoordinatorIsOneLine() throws Exception {
    Path client = Files.createDirectories(dir.resolve("lost-client"));
    Ran ran = cli(client, 30, "runs", "--coordinator", "http://127.0.0.1:" + freePort());
    assertThat(ran.exit()).isEqualTo(3);
    assertThat(ran.output().strip())
        .startsWith("cannot reach the coordinator at")
        .doesNotContain("\n");
  }

  @Test
  void ctrlCWithoutATerminalStopsTheRemoteRunAndPrintsWhatItMeasured() throws Exception {
    Path client = Files.createDirectories(dir.resolve("ctrl-c-client"));
    Files.writeString(
        client.resolve("plan.yaml"),
        """
        name: remote-ctrl-c
        target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
        models: [llama-2-7b]
        maxTokens: 8
        load: {mode: closed, stages: [{name: long, duration: 60s, users: 2}]}
        """
            .formatted(sim.port()));
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            Path.of("target", "broadside.jar").toAbsolutePath().toString(),
            "run",
            "plan.yaml",
            "--coordinator",
            url);
    Process p =
        new ProcessBuilder(command).directory(client.toFile()).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    java.util.concurrent.CompletableFuture<Void> running =
        new java.util.concurrent.CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                int lines = 0;
                while ((line = r.readLine()) != null) {
                  synchronized (out) {
                    out.append(line).append('\n');
                  }
                  if (line.contains("] running") && ++lines == 2) {
                    running.complete(null);
                  }
                }
              } catch (IOException e) {
                running.completeExceptionally(e);
              }
            });
    reader.start();
    try {
      running.get(60, TimeUnit.SECONDS);
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
      reader.join(5_000);
    } finally {
      p.destroyForcibly();
    }
    String output;
    synchronized (out) {
      output = out.toString();
    }
    assertThat(p.exitValue()).as(output).isEqualTo(130);
    assertThat(output).contains("stopping run").contains("TTFT p50/p99 ms").contains(" stopped");
    String id =
        output.lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow().split(" ")[1];
    assertThat(get("/api/v1/runs/" + id).path("status").asText()).isEqualTo("stopped");
  }

  private static String source(RequestLogEntry e) {
    return e.remote().substring(0, e.remote().lastIndexOf(':'));
  }
}
