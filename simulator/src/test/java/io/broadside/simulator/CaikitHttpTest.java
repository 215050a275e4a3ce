package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.Faults;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaikitHttpTest extends WithTestVertx {

  @Test
  void streamStartsWithAnAckThenOneDeltaPerTokenWithCrlfFraming() {
    Path log = dir.resolve("requests.jsonl");
    Simulator sim =
        test.simulator(config(log).withFaults(Family.CAIKIT_HTTP, new Faults(0, 0, 0, 0, 2)));
    int port = sim.port(Family.CAIKIT_HTTP);

    Reply stream =
        test.post(
            port,
            "/api/v1/task/server-streaming-text-generation",
            "{\"model_id\": \"llama-2-7b\", \"inputs\": \"a b c\", \"parameters\": {\"max_new_tokens\": 3}}");
    Reply unary =
        test.post(
            port,
            "/api/v1/task/text-generation",
            "{\"model_id\": \"llama-2-7b\", \"inputs\": \"a\"}");
    Reply noModel = test.post(port, "/api/v1/task/text-generation", "{\"inputs\": \"a\"}");
    TestVertx.await(sim.close());

    List<String> messages = Arrays.stream(stream.body().split("\r\n\r\n")).toList();
    assertThat(messages).hasSize(1 + 3 + 1);
    assertThat(messages.get(3)).startsWith(": ping - ");
    List<JsonObject> data =
        messages.stream()
            .filter(m -> m.startsWith("event: message\r\ndata: "))
            .map(m -> new JsonObject(m.substring("event: message\r\ndata: ".length())))
            .toList();
    assertThat(data).hasSize(4);
    assertThat(data.get(0).getString("generated_text")).isEmpty();
    assertThat(data.get(0).getJsonObject("details").getMap())
        .containsEntry("finish_reason", "NOT_FINISHED")
        .containsEntry("generated_tokens", 0)
        .containsEntry("input_token_count", 3);
    assertThat(data.subList(1, 4))
        .extracting(d -> d.getJsonObject("details").getInteger("generated_tokens"))
        .containsExactly(1, 2, 3);
    assertThat(data.get(3).getJsonObject("details").getString("finish_reason"))
        .isEqualTo("MAX_TOKENS");
    assertThat(unary.json().getInteger("generated_tokens")).isEqualTo(20);
    assertThat(unary.json().getString("finish_reason")).isEqualTo("MAX_TOKENS");
    assertThat(unary.json().getInteger("input_token_count")).isEqualTo(1);
    assertThat(noModel.status()).isEqualTo(400);
    assertThat(noModel.json().getString("details")).isEqualTo("Please provide model_id in payload");
    assertThat(noModel.json().getInteger("code")).isEqualTo(400);

    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries)
        .extracting(RequestLogEntry::endpoint, RequestLogEntry::completionTokens)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("caikit_http_generate_stream", 3),
            org.assertj.core.groups.Tuple.tuple("caikit_http_generate", 20),
            org.assertj.core.groups.Tuple.tuple("caikit_http_generate", 0));
    assertThat(entries.get(0).tokenChunksUs()).hasSize(3);
    assertThat(entries.get(0).chunksUs()).hasSize(4);
  }

  private static SimulatorConfig config(Path log) {
    return SimulatorConfig.defaults()
        .withPreset(GpuPreset.INSTANT)
        .withFamily(Family.CAIKIT_HTTP, 0)
        .withRequestLog(log);
  }
}
