package io.broadside.agent.client.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.agent.client.TargetClient;
import io.broadside.agent.client.TargetRequest;
import io.broadside.agent.client.protocols.PreparedTarget;
import io.broadside.agent.client.protocols.TargetClients;
import io.broadside.common.plan.ParseResult;
import io.broadside.common.plan.PlanParser;
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
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plan whose tensor takes {@code fill: images}, parsed and prepared as an agent does, sent to the
 * simulator over REST and gRPC with each encoding: every request is answered, and the simulator
 * counted in each the elements of one image beside the fixed tensor.
 */
@ExtendWith(NoBlockedEventLoops.class)
class KserveImagesTest {
  private static final int IMAGES = 3;

  @TempDir Path dir;
  Vertx vertx;
  Context context;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    Path images = Files.createDirectories(dir.resolve("images"));
    Color[] colours = {Color.RED, Color.GREEN, new Color(20, 40, 60)};
    for (int i = 0; i < IMAGES; i++) {
      BufferedImage image = new BufferedImage(20 + i, 16, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(colours[i]);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.dispose();
      ImageIO.write(
          image, i == 1 ? "jpeg" : "png", images.resolve(i + (i == 1 ? ".jpg" : ".png")).toFile());
    }
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @ParameterizedTest
  @CsvSource({
    "kserve-v2, KSERVE, FP32, '[1, 8, 8, 3]', 192",
    "kserve-v2, KSERVE, BYTES, '[1]', 1",
    "kserve-v2-grpc, GRPC, FP32, '[3, 8, 8]', 192",
    "kserve-v2-grpc, GRPC, BYTES, '[1, 1]', 1",
    "kserve-v2-grpc, GRPC, UINT8, '[8, 8, 3]', 192"
  })
  void everyImageRequestIsAnsweredAndCountedWhole(
      String protocol, Family family, String datatype, String shape, int elements)
      throws Exception {
    Path log = dir.resolve("requests.jsonl");
    Simulator sim =
        Simulator.start(
                vertx,
                SimulatorConfig.defaults()
                    .withFamily(family, 0)
                    .withEphemeralPorts()
                    .withPreset(GpuPreset.INSTANT)
                    .withModels(List.of("resnet-50"))
                    .withRequestLog(log))
            .await();
    String plan =
        """
        name: images
        target:
          protocol: %s
          url: http://127.0.0.1:%d
          tensors:
            - {name: IMAGE, shape: %s, datatype: %s, fill: images, images: images}
            - {name: SCALE, shape: [2], datatype: INT32, fill: random}
        models: [resnet-50]
        load: {mode: closed, stages: [{duration: 1s, users: 1}]}
        """
            .formatted(protocol, sim.port(family), shape, datatype);
    ParseResult parsed = PlanParser.parse(plan, dir);
    assertThat(parsed.problems()).isEmpty();
    PreparedTarget prepared =
        vertx
            .executeBlocking(() -> PreparedTarget.prepare(parsed.plan().target(), 42))
            .await(10, TimeUnit.SECONDS);
    TargetClient client =
        on(() -> Future.succeededFuture(TargetClients.create(vertx, prepared, null, 1)));

    List<RecordingListener> answers = new ArrayList<>();
    for (int i = 0; i < 2 * IMAGES; i++) {
      RecordingListener listener = new RecordingListener();
      answers.add(
          on(
              () -> {
                client.send(new TargetRequest("resnet-50", "", null, 1, 0), listener);
                return listener.future();
              }));
    }
    on(client::close);
    sim.close().await();

    assertThat(answers).allSatisfy(a -> assertThat(a.ok()).as(a.toString()).isTrue());
    List<RequestLogEntry> served = RequestLogReader.read(log);
    assertThat(served)
        .hasSize(2 * IMAGES)
        .allSatisfy(e -> assertThat(e.promptTokens()).isEqualTo(elements + 2));
  }

  private <T> T on(Supplier<Future<T>> work) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(result));
    return result.future().await(10, TimeUnit.SECONDS);
  }
}
