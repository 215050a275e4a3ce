package io.broadside.agent.client.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.client.protocols.ModelClients;
import io.broadside.agent.client.protocols.PreparedTarget;
import io.broadside.common.plan.Model;
import io.broadside.common.plan.Target;
import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models with a URL of their own (each KServe InferenceService has its host) are sent there; the
 * others go to the target's URL.
 */
@ExtendWith(NoBlockedEventLoops.class)
class ModelUrlsTest {
  @TempDir Path dir;

  @Test
  void eachModelIsSentToItsOwnUrlOrTheTargets() throws Exception {
    Vertx vertx = Vertx.vertx();
    Context context = vertx.getOrCreateContext();
    try {
      Path logA = dir.resolve("a.jsonl");
      Path logB = dir.resolve("b.jsonl");
      Simulator a = simulator(vertx, List.of("alpha", "gamma"), logA);
      Simulator b = simulator(vertx, List.of("beta"), logB);
      Target target =
          Target.of(
              "isvc",
              TargetProtocol.TGIS,
              URI.create("http://127.0.0.1:" + a.port(Family.GRPC)),
              true);
      List<Model> models =
          List.of(
              new Model("alpha", 1),
              new Model("beta", 1, URI.create("http://127.0.0.1:" + b.port(Family.GRPC))),
              new Model("gamma", 1));
      PreparedTarget prepared = PreparedTarget.prepare(target, 1);
      ModelClients clients =
          on(
              context,
              () -> Future.succeededFuture(ModelClients.create(vertx, prepared, models, null)));

      for (int model : new int[] {0, 1, 2, 1}) {
        RecordingListener answer = new RecordingListener();
        TargetRequest request = new TargetRequest(models.get(model).name(), "hi", null, 3, 1);
        on(
            context,
            () -> {
              clients.of(model).send(request, answer);
              return answer.future();
            });
        assertThat(answer.ok()).as(answer.toString()).isTrue();
      }
      on(context, clients::close);
      a.close().await();
      b.close().await();

      assertThat(RequestLogReader.read(logA))
          .extracting(RequestLogEntry::model)
          .containsExactly("alpha", "gamma");
      assertThat(RequestLogReader.read(logB))
          .extracting(RequestLogEntry::model)
          .containsExactly("beta", "beta");
    } finally {
      vertx.close().await();
    }
  }

  private static Simulator simulator(Vertx vertx, List<String> models, Path log) {
    return Simulator.start(
            vertx,
            SimulatorConfig.defaults()
                .withFamily(Family.GRPC, 0)
                .withEphemeralPorts()
                .withPreset(GpuPreset.INSTANT)
                .withModels(models)
                .withRequestLog(log))
        .await();
  }

  private static <T> T on(Context context, Supplier<Future<T>> work) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(result));
    return result.future().await(10, TimeUnit.SECONDS);
  }
}
