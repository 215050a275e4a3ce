package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.Faults;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each fault kind, on the TGI family. */
class FaultsTest extends WithTestVertx {
  private static final String STREAM =
      "{\"inputs\": \"x\", \"parameters\": {\"max_new_tokens\": 5}}";

  @Test
  void injectedErrorIsTgis424() {
    Reply reply = one(new Faults(1, 0, 0, 0, 0), "/generate");
    assertThat(reply.status()).isEqualTo(424);
    assertThat(reply.json().getString("error_type")).isEqualTo("generation");
  }

  @Test
  void throttleIsTgis429() {
    Reply reply = one(new Faults(0, 0, 0, 1, 0), "/generate_stream");
    assertThat(reply.status()).isEqualTo(429);
    assertThat(reply.json().getString("error")).isEqualTo("Model is overloaded");
  }

  @Test
  void malformedCutsTheSecondEventOrTheUnaryBody() {
    Reply stream = one(new Faults(0, 1, 0, 0, 0), "/generate_stream");
    String[] events = stream.body().split("\n\n");
    assertThat(events).hasSize(5);
    assertThat(events[0]).endsWith("}");
    assertThat(events[1]).isEqualTo("data:{\"index\":1,\"token\":{\"id\":");

    Reply unary = one(new Faults(0, 1, 0, 0, 0), "/generate");
    assertThat(unary.status()).isEqualTo(200);
    assertThat(unary.body()).isEqualTo("{\"generated_text\": ");
  }

  @Test
  void dropClosesTheConnectionAfterTheFirstToken() {
    Path log = dir.resolve("requests.jsonl");
    Simulator sim = test.simulator(config(new Faults(0, 0, 1, 0, 0)).withRequestLog(log));
    Future<Reply> reply =
        test.exchange(
            test.http1, HttpMethod.POST, sim.port(Family.TGI), "/generate_stream", STREAM);
    boolean failed =
        TestVertx.await(reply.transform(done -> Future.succeededFuture(done.failed())));
    assertThat(failed).as("the stream failed").isTrue();
    TestVertx.await(sim.close());
    List<RequestLogEntry> entries = RequestLogReader.read(log);
    assertThat(entries).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(499));
    assertThat(entries.get(0).completionTokens()).isEqualTo(1);
  }

  @Test
  void keepAliveCommentFollowsEveryKthEvent() {
    Reply reply = one(new Faults(0, 0, 0, 0, 2), "/generate_stream");
    assertThat(reply.body().split("\n\n"))
        .containsExactly(
            reply.body().split("\n\n")[0],
            reply.body().split("\n\n")[1],
            ": keep-alive",
            reply.body().split("\n\n")[3],
            reply.body().split("\n\n")[4],
            ": keep-alive",
            reply.body().split("\n\n")[6]);
  }

  @Test
  void faultsFollowTheSeed() {
    Faults half = new Faults(0.5, 0, 0, 0, 0);
    assertThat(statuses(half, 7)).isEqualTo(statuses(half, 7)).contains(200, 424);
  }

  private List<Integer> statuses(Faults faults, long seed) {
    Simulator sim = test.simulator(config(faults).withSeed(seed));
    List<Integer> statuses =
        java.util.stream.IntStream.range(0, 12)
            .mapToObj(i -> test.post(sim.port(Family.TGI), "/generate", STREAM).status())
            .toList();
    TestVertx.await(sim.close());
    return statuses;
  }

  private Reply one(Faults faults, String path) {
    Simulator sim = test.simulator(config(faults));
    Reply reply = test.post(sim.port(Family.TGI), path, STREAM);
    TestVertx.await(sim.close());
    return reply;
  }

  private static SimulatorConfig config(Faults faults) {
    return SimulatorConfig.defaults()
        .withPreset(GpuPreset.INSTANT)
        .withFamily(Family.TGI, 0)
        .withFaults(Family.TGI, faults);
  }
}
