package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiRoutesTest extends WithTestVertx {
  private Simulator sim;

  @BeforeEach
  void startSimulator() {
    sim =
        test.simulator(
            SimulatorConfig.defaults()
                .withPreset(GpuPreset.INSTANT)
                .withModels(List.of("llama-2-7b", "mistral-7b")));
  }

  @AfterEach
  void closeSimulator() {
    TestVertx.await(sim.close());
  }

  @Test
  void modelsListsTheConfiguredModelsInOrder() {
    Reply reply = test.get(sim.port(), "/v1/models");

    assertThat(reply.status()).isEqualTo(200);
    JsonObject json = reply.json();
    assertThat(json.getString("object")).isEqualTo("list");
    assertThat(json.getJsonArray("data").stream().map(m -> ((JsonObject) m).getString("id")))
        .containsExactly("llama-2-7b", "mistral-7b");
    assertThat(json.getJsonArray("data").getJsonObject(0).getString("object")).isEqualTo("model");
  }

  @Test
  void unknownModelGets404WithOpenAiError() {
    Reply reply =
        test.post(
            sim.port(),
            "/v1/chat/completions",
            "{\"model\": \"gpt-9\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");

    assertThat(reply.status()).isEqualTo(404);
    JsonObject error = reply.json().getJsonObject("error");
    assertThat(error.getString("message")).contains("gpt-9");
    assertThat(error.getString("type")).isEqualTo("invalid_request_error");
    assertThat(error.getString("code")).isEqualTo("model_not_found");
  }

  @Test
  void malformedBodyGets400WithOpenAiError() {
    Reply reply = test.post(sim.port(), "/v1/completions", "{\"prompt\": ");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getJsonObject("error").getString("type"))
        .isEqualTo("invalid_request_error");
  }

  @Test
  void nonPositiveMaxTokensGets400NamingTheField() {
    Reply reply =
        test.post(sim.port(), "/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 0}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getJsonObject("error").getString("param")).isEqualTo("max_tokens");
  }

  @Test
  void healthAnswers200AndUnknownPathsAnswer404() {
    assertThat(test.get(sim.port(), "/health").status()).isEqualTo(200);
    assertThat(test.get(sim.port(), "/v2/models").status()).isEqualTo(404);
    assertThat(test.get(sim.port(), "/v1/completions").status()).isEqualTo(405);
  }

  @Test
  void servesH2cWithPriorKnowledge() {
    Reply reply =
        TestVertx.await(
            test.exchange(
                test.h2c,
                HttpMethod.POST,
                sim.port(),
                "/v1/completions",
                "{\"prompt\": \"x\", \"max_tokens\": 4, \"stream\": true}"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.events()).hasSize(5).last().isEqualTo("[DONE]");
  }
}
