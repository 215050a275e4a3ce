package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrentStreamsTest extends WithTestVertx {

  @Test
  void concurrentStreamsShareOneBatchInsteadOfQueueing() {
    Path log = dir.resolve("requests.jsonl");
    Simulator sim =
        test.simulator(SimulatorConfig.defaults().withPreset(GpuPreset.FAST).withRequestLog(log));
    String body = "{\"prompt\": \"x y\", \"max_tokens\": 50, \"stream\": true}";

    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      replies.add(test.exchange(test.http1, HttpMethod.POST, sim.port(), "/v1/completions", body));
    }
    TestVertx.await(Future.all(replies));
    TestVertx.await(sim.close());

    assertThat(replies).allSatisfy(r -> assertThat(r.result().events()).hasSize(51));
    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries).hasSize(100).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
    // one at a time would take 100 × 50 steps ≈ 5 s; batched, each takes ~50 steps of ~2 ms
    assertThat(entries)
        .allSatisfy(
            e -> assertThat(e.tokenChunksUs().get(49) - e.arrivalUs()).isLessThan(1_500_000));
  }
}
