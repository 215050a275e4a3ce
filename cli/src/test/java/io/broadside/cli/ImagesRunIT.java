package io.broadside.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.simulator.Simulator;
import io.broadside.simulator.config.Family;
import io.broadside.simulator.config.GpuPreset;
import io.broadside.simulator.config.SimulatorConfig;
import io.broadside.simulator.log.RequestLogEntry;
import io.broadside.simulator.log.RequestLogReader;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run whose KServe V2 tensor takes images, as {@code broadside run} makes it (embedded
 * coordinator and agent, several lanes), against the simulator: no request fails, and each one the
 * simulator served carried one image's elements.
 */
@ExtendWith(NoBlockedEventLoops.class)
class ImagesRunIT {
  @TempDir Path dir;
  Vertx vertx;
  Simulator sim;
  Path log;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    log = dir.resolve("requests.jsonl");
    SimulatorConfig config =
        SimulatorConfig.defaults()
            .withEphemeralPorts()
            .withPreset(GpuPreset.FAST)
            .withModels(List.of("resnet-50"))
            .withRequestLog(log);
    sim =
        Simulator.start(vertx, config.withFamily(Family.KSERVE, 0).withFamily(Family.GRPC, 0))
            .await();
    Path images = Files.createDirectories(dir.resolve("images"));
    for (int i = 0; i < 4; i++) {
      BufferedImage image = new BufferedImage(12 + i, 10, BufferedImage.TYPE_INT_RGB);
      image.setRGB(i, 0, 0x336699);
      ImageIO.write(
          image,
          i % 2 == 0 ? "png" : "jpeg",
          images.resolve("i" + i + (i % 2 == 0 ? ".png" : ".jpg")).toFile());
    }
  }

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close().await();
    }
    vertx.close().await();
  }

  @ParameterizedTest
  @CsvSource({
    "kserve-v2, KSERVE, FP32, '[1, 16, 16, 3]', 768",
    "kserve-v2, KSERVE, BYTES, '[1]', 1",
    "kserve-v2-grpc, GRPC, FP32, '[1, 3, 16, 16]', 768",
    "kserve-v2-grpc, GRPC, BYTES, '[1]', 1"
  })
  void aRunSendsImagesWithNoError(
      String protocol, Family family, String datatype, String shape, int elements)
      throws Exception {
    String plan =
        """
        name: images-run
        target:
          protocol: %s
          url: http://127.0.0.1:%d
          tensors:
            - {name: IMAGE, shape: %s, datatype: %s, fill: images, images: %s}
        models: [resnet-50]
        dataset: {synthetic: {inputTokens: 1}, seed: 3}
        load: {mode: closed, stages: [{name: only, duration: 1s, users: 4}]}
        """
            .formatted(protocol, sim.port(family), shape, datatype, dir.resolve("images"));

    PlanRuns.Result result = PlanRuns.run(dir, plan);

    assertThat(result.exit()).as(result.output()).isZero();
    JsonNode all = result.summary().at("/stages/0/all");
    assertThat(all.at("/requests/ok").asLong()).as(all.toString()).isGreaterThan(4);
    assertThat(all.at("/requests/failed").asLong()).as(all.at("/errors").toString()).isZero();
    sim.close().await();
    sim = null;
    List<RequestLogEntry> served = RequestLogReader.read(log);
    assertThat(served)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.promptTokens()).isEqualTo(elements));
  }
}
