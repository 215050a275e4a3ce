package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slices and sessions end to end against the simulator, each figure checked against its request
 * log, which keeps the slice's and the session's headers: every slice's requests and tokens, every
 * session's turns in order with the history growing by exactly the dataset's turns, and the turns'
 * figures by index.
 */
class SlicesAndSessionsIT {
  static Vertx vertx;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private record Served(PlanRuns.Result run, List<RequestLogEntry> log) {}

  private Served run(String plan, SimulatorConfig config) throws Exception {
    Path log = dir.resolve("served-" + System.nanoTime() + ".jsonl");
    Simulator sim =
        Simulator.start(
                vertx,
                config
                    .withEphemeralPorts()
                    .withRequestLog(log)
                    .withLoggedHeaders(List.of("x-tenant", "x-session-id")))
            .await();
    PlanRuns.Result run;
    try {
      run = PlanRuns.run(dir, plan.formatted(sim.port()));
    } finally {
      sim.close().await();
    }
    assertThat(run.exit()).as(run.output()).isZero();
    return new Served(run, RequestLogReader.read(log));
  }

  private static Map<String, List<RequestLogEntry>> by(List<RequestLogEntry> log, String header) {
    return log.stream()
        .collect(
            Collectors.groupingBy(
                e -> e.headers().getOrDefault(header, "?"),
                LinkedHashMap::new,
                Collectors.toList()));
  }

  @Test
  void eachSlicesRequestsTokensAndLatenciesAreItsOwn() throws Exception {
    Served s =
        run(
            """
            name: tenants
            target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
            models: [llama-2-7b]
            maxTokens: 8
            slices:
              - {name: gold, weight: 3, headers: {x-tenant: gold}}
              - {name: free, weight: 1, headers: {x-tenant: free}}
            slo: {ttft: 10s}
            load: {mode: closed, count: {requests: 200, users: 4}}
            """,
            SimulatorConfig.defaults().withPreset(io.broadside.simulator.config.GpuPreset.INSTANT));
    Map<String, List<RequestLogEntry>> byTenant = by(s.log(), "x-tenant");
    assertThat(byTenant.keySet()).containsExactlyInAnyOrder("gold", "free");
    JsonNode stage = s.run().summary().at("/stages/0");
    assertThat(stage.path("slices")).hasSize(2);
    long total = 0;
    for (JsonNode slice : stage.path("slices")) {
      String name = slice.path("name").asText();
      List<RequestLogEntry> served = byTenant.get(name);
      JsonNode all = slice.path("all");
      assertThat(all.at("/requests/ok").asLong()).as(name).isEqualTo(served.size());
      assertThat(all.at("/outputTokens").asLong())
          .isEqualTo(served.stream().mapToLong(RequestLogEntry::completionTokens).sum());
      assertThat(all.at("/latency/ttft/count").asLong()).isEqualTo(served.size());
      assertThat(all.at("/goodputPerS").asDouble()).isPositive();
      total += served.size();
    }
    assertThat(total).isEqualTo(200).isEqualTo(stage.at("/all/requests/ok").asLong());
    // drawn 3:1
    assertThat(byTenant.get("gold").size()).isGreaterThan(byTenant.get("free").size() * 2);
    assertThat(Files.readString(s.run().runDir().resolve("report.html")))
        .contains("<h2>Slices</h2>");
  }

  @Test
  void aSessionsTurnsCarryItsHistoryAndAreKeptByTurn() throws Exception {
    // two conversations of three questions: every turn's prompt is the history so far
    Files.writeString(
        dir.resolve("chats.jsonl"),
        """
        {"conversations": [{"from": "human", "value": "one two three"}, {"from": "gpt", "value": "four five"}, {"from": "human", "value": "six"}, {"from": "gpt", "value": "seven eight nine ten"}, {"from": "human", "value": "eleven twelve"}, {"from": "gpt", "value": "end"}]}
        {"conversations": [{"from": "system", "value": "be brief"}, {"from": "human", "value": "a b c d"}, {"from": "gpt", "value": "e"}, {"from": "human", "value": "f g"}, {"from": "gpt", "value": "h i j"}, {"from": "human", "value": "k"}]}
        """);
    Served s =
        run(
            """
            name: chats
            target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
            models: [llama-2-7b]
            maxTokens: 4
            dataset:
              file: chats.jsonl
              sampling: sequential
              sessions: {turns: 3, thinkTime: 5ms, header: x-session-id}
            load: {mode: closed, count: {requests: 30, users: 2}}
            """,
            SimulatorConfig.defaults().withPreset(io.broadside.simulator.config.GpuPreset.INSTANT));
    Map<String, List<RequestLogEntry>> sessions = by(s.log(), "x-session-id");
    assertThat(sessions).doesNotContainKey("?");
    // each conversation's turns: its history so far, in words
    List<List<Integer>> expected =
        List.of(
            List.of(3, 3 + 2 + 1, 3 + 2 + 1 + 4 + 2),
            List.of(2 + 4, 2 + 4 + 1 + 2, 6 + 1 + 2 + 3 + 1));
    List<Integer> perTurn = new ArrayList<>(List.of(0, 0, 0));
    for (List<RequestLogEntry> turns : sessions.values()) {
      List<Integer> prompts = turns.stream().map(RequestLogEntry::promptTokens).toList();
      assertThat(turns.size()).isBetween(1, 3);
      assertThat(expected)
          .as("a session's prompts are a conversation's history, turn by turn: " + prompts)
          .anySatisfy(e -> assertThat(e.subList(0, prompts.size())).isEqualTo(prompts));
      assertThat(turns.stream().map(e -> e.remote().split(":")[0]).distinct()).hasSize(1);
      for (int k = 0; k < turns.size(); k++) {
        perTurn.set(k, perTurn.get(k) + 1);
      }
    }
    JsonNode stage = s.run().summary().at("/stages/0");
    assertThat(stage.path("turns")).hasSize(3);
    for (int k = 0; k < 3; k++) {
      JsonNode turn = stage.path("turns").get(k);
      assertThat(turn.path("name").asText()).isEqualTo(String.valueOf(k + 1));
      assertThat(turn.at("/all/requests/ok").asLong())
          .as("turn " + (k + 1))
          .isEqualTo((long) perTurn.get(k));
    }
    assertThat(perTurn.stream().mapToInt(Integer::intValue).sum()).isEqualTo(30);
    assertThat(Files.readString(s.run().runDir().resolve("report.html")))
        .contains("<h2>Session turns</h2>");
  }

  @Test
  void ttftGrowsWithTheContextOfLaterTurns() throws Exception {
    // llama-7b-1gpu: 100 µs of prefill per prompt token; each turn adds 200 + 4 tokens
    Served s =
        run(
            """
            name: growing
            target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
            models: [llama-2-7b]
            maxTokens: 4
            dataset: {synthetic: {inputTokens: 200}, sessions: {turns: 3}}
            load: {mode: closed, count: {requests: 24, users: 1}}
            """,
            SimulatorConfig.defaults());
    JsonNode turns = s.run().summary().at("/stages/0/turns");
    assertThat(turns).hasSize(3);
    double t1 = turns.get(0).at("/all/latency/ttft/p50").asDouble();
    double t2 = turns.get(1).at("/all/latency/ttft/p50").asDouble();
    double t3 = turns.get(2).at("/all/latency/ttft/p50").asDouble();
    // 204 more tokens of prefill a turn: 20.4 ms
    assertThat((t2 - t1) * 1000).isBetween(20.4 - 4, 20.4 + 4);
    assertThat((t3 - t2) * 1000).isBetween(20.4 - 4, 20.4 + 4);
    List<Integer> prompts = s.log().stream().map(RequestLogEntry::promptTokens).toList();
    assertThat(prompts.subList(0, 6)).containsExactly(200, 404, 608, 200, 404, 608);
  }

  @Test
  void openLoopArrivalsStartSessions() throws Exception {
    Served s =
        run(
            """
            name: arriving
            target: {protocol: openai-chat, url: http://127.0.0.1:%d, stream: true}
            models: [llama-2-7b]
            maxTokens: 4
            dataset: {synthetic: {inputTokens: 10}, sessions: {turns: 2, thinkTime: 20ms, header: x-session-id}}
            load: {mode: open, stages: [{duration: 1s, rate: 20/s}], gracefulStop: 2s}
            """,
            SimulatorConfig.defaults().withPreset(io.broadside.simulator.config.GpuPreset.INSTANT));
    Map<String, List<RequestLogEntry>> sessions = by(s.log(), "x-session-id");
    // twenty arrivals, each a session; a session's second turn follows its first unless the run
    // ended in between
    assertThat(sessions.size()).isBetween(15, 25);
    assertThat(sessions.values().stream().filter(t -> t.size() == 2).count())
        .isGreaterThan(sessions.size() / 2);
    assertThat(sessions.values()).allSatisfy(t -> assertThat(t.size()).isBetween(1, 2));
    JsonNode turns = s.run().summary().at("/stages/0/turns");
    assertThat(turns.get(0).at("/all/requests/ok").asLong()).isEqualTo(sessions.size());
  }
}
