package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.ReadyStyle;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KserveTest extends WithTestVertx {

  @Test
  void v1PredictsOneValuePerInstanceAndV2InfersOutput0CheckingShapesAndDatatypes() {
    Path log = dir.resolve("requests.jsonl");
    Simulator sim = test.simulator(config(log));
    int port = sim.port(Family.KSERVE);

    Reply models = test.get(port, "/v1/models");
    Reply ready = test.get(port, "/v1/models/llama-2-7b");
    Reply unknown = test.get(port, "/v1/models/nope");
    Reply predict =
        test.post(port, "/v1/models/llama-2-7b:predict", "{\"instances\": [[1, 2], [3, 4]]}");
    Reply badPredict = test.post(port, "/v1/models/llama-2-7b:predict", "{\"x\": 1}");
    Reply v2Ready = test.get(port, "/v2/models/llama-2-7b/ready");
    Reply live = test.get(port, "/v2/health/live");
    Reply infer =
        test.post(
            port,
            "/v2/models/llama-2-7b/infer",
            """
            {"id": "r1", "inputs": [{"name": "INPUT0", "shape": [2, 3], "datatype": "FP32",
              "data": [[1, 2, 3], [4, 5, 6]]}]}
            """);
    Reply badShape =
        test.post(
            port,
            "/v2/models/llama-2-7b/infer",
            "{\"inputs\": [{\"name\": \"x\", \"shape\": [2, 2], \"datatype\": \"FP32\", \"data\": [1]}]}");
    Reply bytes =
        test.post(
            port,
            "/v2/models/llama-2-7b/infer",
            """
            {"inputs": [{"name": "IMAGE", "shape": [1], "datatype": "BYTES",
              "data": ["iVBORw0KGgo="]}]}
            """);
    Reply badType =
        test.post(
            port,
            "/v2/models/llama-2-7b/infer",
            "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"INT8\","
                + " \"data\": [\"a\"]}]}");
    TestVertx.await(sim.close());

    assertThat(models.json().getJsonArray("models").getList()).containsExactly("llama-2-7b");
    assertThat(ready.json().getBoolean("ready")).isTrue();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().getString("error")).isEqualTo("Model with name nope does not exist.");
    assertThat(predict.status()).isEqualTo(200);
    assertThat(predict.json().getJsonArray("predictions").encode())
        .isEqualTo("[[0.5,1.0],[1.5,2.0]]");
    assertThat(badPredict.status()).isEqualTo(400);
    assertThat(v2Ready.json().getMap()).containsEntry("ready", true);
    assertThat(live.json().getBoolean("live")).isTrue();
    JsonObject output = infer.json().getJsonArray("outputs").getJsonObject(0);
    assertThat(infer.json().getString("id")).isEqualTo("r1");
    assertThat(infer.json().getString("model_version")).isEqualTo("1");
    assertThat(output.getString("name")).isEqualTo("OUTPUT0");
    assertThat(output.getJsonArray("shape").getList()).containsExactly(2, 3);
    assertThat(output.getJsonArray("data")).hasSize(6);
    assertThat(badShape.status()).isEqualTo(400);
    assertThat(bytes.status()).isEqualTo(200);
    assertThat(bytes.json().getJsonArray("outputs").getJsonObject(0).getJsonArray("data"))
        .containsExactly(0.5);
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.json().getString("error")).isEqualTo("input 'x': element 0 is not INT8: a");

    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries)
        .extracting(
            RequestLogEntry::endpoint, RequestLogEntry::status, RequestLogEntry::promptTokens)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("kserve_v1_predict", 200, 4),
            org.assertj.core.groups.Tuple.tuple("kserve_v1_predict", 400, 0),
            org.assertj.core.groups.Tuple.tuple("kserve_v2_infer", 200, 6),
            org.assertj.core.groups.Tuple.tuple("kserve_v2_infer", 400, 0),
            org.assertj.core.groups.Tuple.tuple("kserve_v2_infer", 200, 1),
            org.assertj.core.groups.Tuple.tuple("kserve_v2_infer", 400, 0));
    assertThat(entries.get(0).completionTokens()).isEqualTo(1);
  }

  @Test
  void tritonGenerateStreamsDeltasAndReadinessFollowsTheStyle() {
    Path log = dir.resolve("requests.jsonl");
    Simulator sim = test.simulator(config(log).withReadyStyle(ReadyStyle.TRITON));
    int port = sim.port(Family.KSERVE);

    Reply ready = test.get(port, "/v2/models/llama-2-7b/ready");
    Reply stream =
        test.post(
            port,
            "/v2/models/llama-2-7b/generate_stream",
            "{\"text_input\": \"a b c d\", \"parameters\": {\"max_tokens\": 3}}");
    Reply unary =
        test.post(
            port, "/v2/models/llama-2-7b/generate", "{\"text_input\": \"a\", \"max_tokens\": 2}");
    Reply missing = test.post(port, "/v2/models/llama-2-7b/generate", "{}");
    TestVertx.await(sim.close());

    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body()).isEmpty();
    List<String> events = Arrays.stream(stream.body().split("\n\n")).toList();
    assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e).startsWith("data: {"));
    StringBuilder text = new StringBuilder();
    events.forEach(
        e -> {
          JsonObject event = new JsonObject(e.substring(6));
          assertThat(event.getString("model_name")).isEqualTo("llama-2-7b");
          assertThat(event.getString("model_version")).isEqualTo("1");
          text.append(event.getString("text_output"));
        });
    assertThat(text.toString().split(" ")).hasSize(4);
    assertThat(unary.json().getString("text_output").split(" ")).hasSize(3);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.contentType()).isEqualTo("application/json");

    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries)
        .extracting(RequestLogEntry::endpoint, RequestLogEntry::completionTokens)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("triton_generate_stream", 3),
            org.assertj.core.groups.Tuple.tuple("triton_generate", 2),
            org.assertj.core.groups.Tuple.tuple("triton_generate", 0));
    assertThat(entries.get(0).promptTokens()).isEqualTo(4);
    assertThat(entries.get(0).tokenChunksUs()).hasSize(3);
  }

  private static SimulatorConfig config(Path log) {
    return SimulatorConfig.defaults()
        .withPreset(GpuPreset.INSTANT)
        .withFamily(Family.KSERVE, 0)
        .withRequestLog(log);
  }
}
