package io.broadside.agent.client.kit;

import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;
import java.net.URI;

/**
 * The whole kit against chat answers that are half prose and half a tool call: the plan offers a
 * tool, and the simulator streams its argument fragments in {@code delta.tool_calls} after a chunk
 * that opens the call (name, no arguments). Each fragment is a token-bearing chunk and an output
 * token, so tokens, chunk counts and timings equal the simulator's own log as for prose alone.
 */
class OpenAiToolCallsKitTest extends TargetCompatibilityKit {
  static final String TOOLS =
      "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
          + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";

  @Override
  Family family() {
    return Family.OPENAI;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.OPENAI_CHAT;
  }

  @Override
  String tools() {
    return TOOLS;
  }

  @Override
  String errorClass() {
    return "http_500";
  }

  /** The kit above is about tool calls only if the simulator answers with them: it does. */
  @org.junit.jupiter.api.Test
  void theSimulatorAnswersAToolOfferWithProseThenTheCallsFragments() throws Exception {
    var sim = simulator(c -> c.withPreset(io.broadside.simulator.config.GpuPreset.INSTANT));
    String body =
        "{\"model\":\""
            + MODEL
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":"
            + TOOLS
            + ",\"max_tokens\":6,\"stream\":true}";
    String answer =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + sim.port(family()) + "/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    java.util.List<String> events = answer.lines().filter(l -> l.startsWith("data: {")).toList();
    // role, 3 prose tokens, the call's opening (name, no arguments), 3 argument fragments
    org.assertj.core.api.Assertions.assertThat(events).hasSize(8);
    org.assertj.core.api.Assertions.assertThat(events.subList(1, 4))
        .allSatisfy(e -> org.assertj.core.api.Assertions.assertThat(e).contains("\"content\""));
    org.assertj.core.api.Assertions.assertThat(events.get(4))
        .contains("\"name\":\"get_weather\"")
        .contains("\"arguments\":\"\"");
    org.assertj.core.api.Assertions.assertThat(events.subList(5, 8))
        .allSatisfy(e -> org.assertj.core.api.Assertions.assertThat(e).contains("\"tool_calls\""));
    org.assertj.core.api.Assertions.assertThat(events.get(7))
        .contains("\"finish_reason\":\"tool_calls\"");
  }
}
