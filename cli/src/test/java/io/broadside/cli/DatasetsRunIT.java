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
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataset files of each shape run against the simulator with {@code maxTokensFrom: dataset}: the
 * simulator's request log shows that every request carried one entry's prompt length and asked for
 * that entry's output length. The pairs expected are written out by hand from the files below.
 */
@ExtendWith(NoBlockedEventLoops.class)
class DatasetsRunIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Vertx vertx;
  Simulator sim;
  Path log;

  @BeforeEach
  void startSimulator() {
    vertx = Vertx.vertx();
    log = dir.resolve("requests.jsonl");
    sim =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults()
                    .withFamily(Family.OPENAI, 0)
                    .withEphemeralPorts()
                    .withPreset(GpuPreset.FAST)
                    .withModels(List.of("llama-2-7b"))
                    .withRequestLog(log))
            .await();
  }

  @AfterEach
  void stopSimulator() {
    if (sim != null) {
      sim.close().await();
    }
    vertx.close().await();
  }

  /** (prompt tokens, completion tokens) of every request the simulator served. */
  private Set<List<Integer>> served() {
    sim.close().await();
    sim = null;
    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries).isNotEmpty().allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
    return entries.stream()
        .map(e -> List.of(e.promptTokens(), e.completionTokens()))
        .collect(Collectors.toSet());
  }

  private int run(String protocol, String dataset, String file, String text) throws Exception {
    Files.writeString(dir.resolve(file), text);
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(
        plan,
        """
        name: dataset-run
        target: {protocol: %s, url: http://127.0.0.1:%d, stream: true}
        models: [llama-2-7b]
        dataset: %s
        maxTokens: 99
        load: {mode: closed, stages: [{name: only, duration: 2s, users: 3}]}
        """
            .formatted(protocol, sim.port(Family.OPENAI), dataset));
    return Main.execute(
        "run", plan.toString(), "--port", "0", "--out", dir.resolve("runs").toString());
  }

  private long okRequests() throws Exception {
    try (var runs = Files.list(dir.resolve("runs"))) {
      JsonNode all =
          JSON.readTree(runs.findFirst().orElseThrow().resolve("summary.json").toFile())
              .at("/stages/0/all");
      assertThat(all.at("/requests/failed").asLong()).as(all.toString()).isZero();
      return all.at("/requests/ok").asLong();
    }
  }

  @Test
  void openOrcaRequestsCarryTheQuestionAndTheResponsesLength() throws Exception {
    String file =
        """
        {"id": "t.1", "system_prompt": "Be brief.", "question": "Name one planet.", "response": "Mars."}
        {"id": "t.2", "system_prompt": "", "question": "Why is the sea salty?", "response": "Rivers carry dissolved minerals into it and water leaves by evaporation."}
        {"id": "t.3", "system_prompt": "You are a careful assistant who checks facts.", "question": "How many legs does a spider have?"}
        """;

    int exit =
        run(
            "openai-chat",
            "{file: orca.jsonl, maxTokensFrom: dataset, sampling: sequential}",
            "orca.jsonl",
            file);

    assertThat(exit).isZero();
    assertThat(okRequests()).isPositive();
    // 2 + 3 words and 1; 5 words and 11; 8 + 7 words and no response: the plan's 99
    assertThat(served()).isSubsetOf(Set.of(List.of(5, 1), List.of(5, 11), List.of(15, 99)));
  }

  @Test
  void shareGptRequestsCarryTheFirstQuestionAndTheFirstRepliesLength() throws Exception {
    String file =
        """
        [
          {"id": "a", "conversations": [
            {"from": "system", "value": "Answer like a pirate."},
            {"from": "human", "value": "Where is the treasure?"},
            {"from": "gpt", "value": "Under the old palm tree, matey."},
            {"from": "human", "value": "Which one?"},
            {"from": "gpt", "value": "The tallest one on the island, of course."}
          ]},
          {"id": "b", "conversations": [
            {"from": "human", "value": "Say something nice about Mondays please"},
            {"from": "gpt", "value": "They come with fresh starts."}
          ]}
        ]
        """;

    int exit =
        run("openai-completions", "{file: share.json, maxTokensFrom: dataset}", "share.json", file);

    assertThat(exit).isZero();
    assertThat(okRequests()).isPositive();
    // 4 + 4 words and 6; 6 words and 5 — the later turns are not sent
    assertThat(served()).isNotEmpty().isSubsetOf(Set.of(List.of(8, 6), List.of(6, 5))).hasSize(2);
  }

  @Test
  void llmLoadTestRequestsSkipTheMetadataAndAskForOutputTokens() throws Exception {
    String file =
        """
        {"name": "test set", "version": "2", "license": "none"}
        {"index": 0, "question": "Define a queue.", "system_prompt": "Be exact.", "input_tokens": 5, "output_tokens": 21}
        {"index": 1, "question": "Define a stack in one line.", "system_prompt": "", "input_tokens": 6, "output_tokens": 34}
        """;

    int exit = run("openai-chat", "{file: llm.jsonl, maxTokensFrom: dataset}", "llm.jsonl", file);

    assertThat(exit).isZero();
    assertThat(okRequests()).isPositive();
    assertThat(served()).isSubsetOf(Set.of(List.of(5, 21), List.of(6, 34))).hasSize(2);
  }

  @Test
  void aBadDatasetLineFailsTheRunNamingFileAndLine() throws Exception {
    String file =
        """
        {"prompt": "fine"}
        {"prompt": "also fine", "maxTokens": -3}
        """;
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true));
    int exit;
    try {
      exit = run("openai-chat", "{file: bad.jsonl}", "bad.jsonl", file);
    } finally {
      System.setOut(old);
    }

    assertThat(exit).as(out.toString()).isEqualTo(3);
    assertThat(out.toString())
        .contains("bad.jsonl:2: maxTokens must be a positive whole number, was -3");
  }
}
