package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientDisconnectTest extends WithTestVertx {

  @Test
  void disconnectedStreamIsDroppedAndLoggedAs499() throws Exception {
    Path log = dir.resolve("requests.jsonl");
    GpuPreset oneSlot =
        new GpuPreset(
            "one-slot",
            1,
            GpuPreset.FAST.stepBase(),
            java.time.Duration.ZERO,
            java.time.Duration.ZERO);
    Simulator sim =
        test.simulator(SimulatorConfig.defaults().withPreset(oneSlot).withRequestLog(log));
    String endless = "{\"prompt\": \"x\", \"max_tokens\": 1000000, \"stream\": true}";

    Promise<Void> tenChunks = Promise.promise();
    int[] events = {0};
    HttpClientResponse response =
        TestVertx.await(
            test.onClientContext(
                () ->
                    test.http1
                        .request(HttpMethod.POST, sim.port(), "127.0.0.1", "/v1/completions")
                        .compose(request -> request.send(endless))
                        .onSuccess(
                            r ->
                                r.handler(
                                    chunk -> {
                                      events[0] += chunk.toString().split("\n\n").length;
                                      if (events[0] >= 10) {
                                        tenChunks.tryComplete();
                                      }
                                    }))));
    TestVertx.await(tenChunks.future());
    TestVertx.await(test.onClientContext(() -> response.request().connection().close()));

    // the only slot is free again: a second request is served at once
    Reply next = test.post(sim.port(), "/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 3}");
    assertThat(next.status()).isEqualTo(200);
    TestVertx.await(sim.close());

    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries).extracting(RequestLogEntry::status).containsExactly(499, 200);
    assertThat(entries.get(0).completionTokens()).isBetween(10, 100_000);
  }

  @Test
  void closingTheSimulatorCutsOpenStreamsAndLogsThem() {
    Path log = dir.resolve("requests.jsonl");
    Simulator sim =
        test.simulator(SimulatorConfig.defaults().withPreset(GpuPreset.FAST).withRequestLog(log));
    Promise<Void> firstChunk = Promise.promise();
    String endless =
        "{\"messages\": [{\"content\": \"x\"}], \"max_tokens\": 1000000, \"stream\": true}";
    TestVertx.await(
        test.onClientContext(
            () ->
                test.http1
                    .request(HttpMethod.POST, sim.port(), "127.0.0.1", "/v1/chat/completions")
                    .compose(request -> request.send(endless))
                    .onSuccess(r -> r.handler(chunk -> firstChunk.tryComplete()))));
    TestVertx.await(firstChunk.future());

    TestVertx.await(sim.close());

    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries).extracting(RequestLogEntry::status).containsExactly(499);
  }
}
