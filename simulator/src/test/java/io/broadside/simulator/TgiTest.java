package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TgiTest extends WithTestVertx {

  @Test
  void generateStreamSendsOneEventPerTokenAndTheFullTextLast() {
    Path log = dir.resolve("requests.jsonl");
    Simulator sim = test.simulator(config(log));
    int port = sim.port(Family.TGI);

    Reply stream =
        test.post(
            port,
            "/generate_stream",
            "{\"inputs\": \"one two three\", \"parameters\": {\"max_new_tokens\": 4, \"details\": true}}");
    Reply unary =
        test.post(port, "/generate", "{\"inputs\": \"a b\", \"parameters\": {\"details\": true}}");
    Reply plain = test.post(port, "/generate", "{\"inputs\": \"a b\"}");
    Reply invalid = test.post(port, "/generate", "{\"parameters\": {}}");
    TestVertx.await(sim.close());

    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.contentType()).startsWith("text/event-stream");
    List<String> events = Arrays.stream(stream.body().split("\n\n")).toList();
    assertThat(events).hasSize(4).allSatisfy(e -> assertThat(e).startsWith("data:{"));
    List<JsonObject> chunks = events.stream().map(e -> new JsonObject(e.substring(5))).toList();
    assertThat(chunks.subList(0, 3))
        .allSatisfy(
            c -> {
              assertThat(c.getValue("generated_text")).isNull();
              assertThat(c.getValue("details")).isNull();
            });
    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> text.append(c.getJsonObject("token").getString("text")));
    JsonObject last = chunks.get(3);
    assertThat(last.getString("generated_text")).isEqualTo(text.toString());
    assertThat(last.getJsonObject("details").getMap())
        .containsEntry("finish_reason", "length")
        .containsEntry("generated_tokens", 4)
        .containsEntry("input_length", 3);
    assertThat(unary.json().getString("generated_text").split(" ")).hasSize(21);
    assertThat(unary.json().getJsonObject("details").getInteger("generated_tokens")).isEqualTo(20);
    assertThat(plain.json().containsKey("details")).isFalse();
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.json().getString("error_type")).isEqualTo("validation");

    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries)
        .extracting(RequestLogEntry::endpoint, RequestLogEntry::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("tgi_generate_stream", 200),
            org.assertj.core.groups.Tuple.tuple("tgi_generate", 200),
            org.assertj.core.groups.Tuple.tuple("tgi_generate", 200),
            org.assertj.core.groups.Tuple.tuple("tgi_generate", 422));
    RequestLogEntry streamed = entries.get(0);
    assertThat(streamed.stream()).isTrue();
    assertThat(streamed.promptTokens()).isEqualTo(3);
    assertThat(streamed.completionTokens()).isEqualTo(4);
    assertThat(streamed.tokenChunksUs()).hasSize(4);
    assertThat(entries.get(1).completionTokens()).isEqualTo(20);
    assertThat(entries.get(1).coldStart()).isFalse();
  }

  static SimulatorConfig config(Path log) {
    return SimulatorConfig.defaults()
        .withPreset(GpuPreset.INSTANT)
        .withFamily(Family.TGI, 0)
        .withRequestLog(log);
  }
}
