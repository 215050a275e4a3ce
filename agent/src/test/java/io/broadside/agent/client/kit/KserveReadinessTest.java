package io.broadside.agent.client.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.agent.client.TargetClient;
import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.client.protocols.PreparedTarget;
import io.broadside.agent.client.protocols.TargetClients;
import io.broadside.common.plan.Target;
import io.broadside.common.plan.TargetProtocol;
import io.broadside.common.plan.Tensor;
import io.broadside.common.plan.Tls;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.ModelHosting;
import io.broadside.simulator.config.ReadyStyle;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Readiness as each KServe protocol reports it: V1 {@code /v1/models/{name}}, V2 {@code
 * /v2/models/{name}/ready} in KServe's style (200 with {@code ready: true}, 503 not ready) and
 * Triton's (empty 200, 400 not ready), Triton's generate route, and gRPC {@code ModelReady}: a
 * model that is not loaded is not ready; once a request has loaded it, it is.
 */
@ExtendWith(NoBlockedEventLoops.class)
class KserveReadinessTest {
  Vertx vertx;
  Context context;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @ParameterizedTest
  @CsvSource({
    "KSERVE_V1, KSERVE, KSERVE",
    "KSERVE_V2, KSERVE, KSERVE",
    "KSERVE_V2, KSERVE, TRITON",
    "TRITON_GENERATE, KSERVE, TRITON",
    "KSERVE_V2_GRPC, GRPC, KSERVE"
  })
  void aModelIsReadyOnlyOnceLoaded(TargetProtocol protocol, Family family, ReadyStyle style)
      throws Exception {
    Simulator sim =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults()
                    .withFamily(family, 0)
                    .withEphemeralPorts()
                    .withPreset(GpuPreset.INSTANT)
                    .withModels(List.of("resnet", "bert"))
                    .withReadyStyle(style)
                    .withHosting(
                        new ModelHosting(
                            4,
                            1,
                            Duration.ofMillis(200),
                            Duration.ofMillis(200),
                            Duration.ofSeconds(2))))
            .await();
    Target target =
        new Target(
            "ready",
            protocol,
            URI.create("http://127.0.0.1:" + sim.port(family)),
            false,
            Duration.ofSeconds(5),
            null,
            Map.of(),
            false,
            Tls.DEFAULT,
            null,
            null,
            protocol == TargetProtocol.TRITON_GENERATE
                ? List.of()
                : List.of(new Tensor("INPUT0", List.of(1L, 4L), "FP32", Tensor.Fill.ZEROS, null)));
    PreparedTarget prepared = PreparedTarget.prepare(target, 1);
    TargetClient client =
        on(() -> Future.succeededFuture(TargetClients.create(vertx, prepared, null)));

    boolean before = on(() -> client.ready("resnet"));
    RecordingListener loading = new RecordingListener();
    RecordingListener answer =
        on(
            () -> {
              client.send(new TargetRequest("resnet", "a b c", null, 2, 3), loading);
              return loading.future();
            });
    boolean after = on(() -> client.ready("resnet"));
    boolean other = on(() -> client.ready("bert"));
    on(client::close);
    sim.close().await();

    assertThat(before).as("not loaded yet").isFalse();
    assertThat(answer.ok()).as(answer.toString()).isTrue();
    assertThat(after).as("loaded by the request").isTrue();
    assertThat(other).as("never asked for").isFalse();
  }

  private <T> T on(Supplier<Future<T>> work) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(result));
    return result.future().await(10, TimeUnit.SECONDS);
  }
}
