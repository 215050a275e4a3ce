package io.broadside.agent.client.kserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.broadside.common.plan.ImageShape;
import io.broadside.common.plan.Target;
import io.broadside.common.plan.TargetProtocol;
import io.broadside.common.plan.Tensor;
import io.broadside.common.plan.Tls;
import io.broadside.protocol.kserve.ModelInferRequest;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images as tensor elements: decoded to RGB, resized bilinearly into either layout, scaled to [0,
 * 1] for FP32, or sent as their files' bytes; and walked in a seeded order that every client covers
 * whole from wherever it starts.
 */
class ImageTensorsTest {
  @TempDir Path dir;

  private Path png(String name, int width, int height, Color color) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    Path file = dir.resolve(name);
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  private static Tensor tensor(String datatype, List<Long> shape, List<Path> images) {
    return new Tensor("IMAGE", shape, datatype, Tensor.Fill.IMAGES, null, images);
  }

  private static float[] floats(byte[] raw) {
    ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[raw.length / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = in.getFloat();
    }
    return out;
  }

  @Test
  void aKnownColourGivesKnownFp32ValuesAtTheTensorsSize() throws Exception {
    Path orange = png("orange.png", 40, 30, new Color(255, 102, 0));
    Tensor nhwc = tensor("FP32", List.of(1L, 8L, 6L, 3L), List.of(orange));

    ImageElements elements = ImageTensors.elements(nhwc, orange);
    float[] values = floats(elements.raw());

    assertThat(values).hasSize(8 * 6 * 3);
    for (int i = 0; i < values.length; i += 3) {
      assertThat(values[i]).isEqualTo(1f);
      assertThat(values[i + 1]).isEqualTo(0.4f);
      assertThat(values[i + 2]).isEqualTo(0f);
    }
  }

  @Test
  void channelsFirstPutsEachColourInItsOwnPlane() throws Exception {
    Path orange = png("orange.png", 5, 5, new Color(255, 102, 0));

    byte[] pixels =
        ImageTensors.elements(tensor("UINT8", List.of(3L, 4L, 2L), List.of(orange)), orange).raw();

    assertThat(pixels).hasSize(24);
    for (int i = 0; i < 8; i++) {
      assertThat(pixels[i] & 0xff).isEqualTo(255);
      assertThat(pixels[8 + i] & 0xff).isEqualTo(102);
      assertThat(pixels[16 + i] & 0xff).isZero();
    }
  }

  @Test
  void resizingIsBilinearBetweenPixelCentres() {
    // one row: black, white; widened to four: centres at -0.25, 0.25, 0.75, 1.25 of the source
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 0, 0xffffff);

    byte[] pixels = ImageTensors.pixels(image, new ImageShape(1, 4, false));

    assertThat(IntStream.range(0, 4).map(x -> pixels[x * 3] & 0xff).toArray())
        .containsExactly(0, 64, 191, 255);
    assertThat(ImageTensors.pixels(image, new ImageShape(1, 2, false)))
        .containsExactly(0, 0, 0, -1, -1, -1);
  }

  @Test
  void valuesOfAPhotographStayWithinTheUnitRange() throws Exception {
    BufferedImage noise = new BufferedImage(33, 17, BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(5);
    for (int y = 0; y < 17; y++) {
      for (int x = 0; x < 33; x++) {
        noise.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    Path jpeg = dir.resolve("noise.jpg");
    ImageIO.write(noise, "jpeg", jpeg.toFile());

    float[] values =
        floats(
            ImageTensors.elements(tensor("FP32", List.of(3L, 10L, 10L), List.of(jpeg)), jpeg)
                .raw());

    assertThat(values).hasSize(300);
    for (float v : values) {
      assertThat(v).isBetween(0f, 1f);
    }
  }

  @Test
  void bytesCarryTheFileAsItIsRawWithItsLengthAndBase64InJson() throws Exception {
    Path file = png("red.png", 3, 3, Color.RED);
    byte[] bytes = Files.readAllBytes(file);

    ImageElements elements =
        ImageTensors.elements(tensor("BYTES", List.of(1L), List.of(file)), file);
    StringBuilder json = new StringBuilder();
    elements.appendJson(json);

    ByteBuffer raw = ByteBuffer.wrap(elements.raw()).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(raw.getInt()).isEqualTo(bytes.length);
    assertThat(raw.remaining()).isEqualTo(bytes.length);
    assertThat(json).hasToString("[\"" + Base64.getEncoder().encodeToString(bytes) + "\"]");
  }

  @Test
  void theOrderIsSeededAndHoldsEveryImageOnce() throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      files.add(dir.resolve("img-" + i + ".png"));
    }
    Tensor tensor = tensor("BYTES", List.of(1L), files);

    List<Path> order = ImageTensors.order(tensor, 42);

    assertThat(ImageTensors.order(tensor, 42)).isEqualTo(order);
    assertThat(order).containsExactlyInAnyOrderElementsOf(files).isNotEqualTo(files);
    assertThat(ImageTensors.order(tensor, 43)).isNotEqualTo(order);
  }

  @Test
  void aClientCoversEveryPayloadFromAnyStart() {
    List<Integer> payloads = List.of(0, 1, 2, 3, 4);
    for (int first : new int[] {0, 3, 7919, -2}) {
      PayloadCycle<Integer> cycle = new PayloadCycle<>(payloads, first);
      HashSet<Integer> seen = new HashSet<>();
      for (int i = 0; i < payloads.size(); i++) {
        seen.add(cycle.next());
      }
      assertThat(seen).as("from %d", first).containsExactlyInAnyOrderElementsOf(payloads);
    }
    PayloadCycle<Integer> twice = new PayloadCycle<>(payloads, 3);
    assertThat(IntStream.range(0, 7).map(i -> twice.next()).toArray())
        .containsExactly(3, 4, 0, 1, 2, 3, 4);
  }

  @Test
  void preparedRequestsHoldOneImageEachInTheSeededOrder() throws Exception {
    List<Path> files =
        List.of(
            png("a.png", 4, 4, Color.BLACK),
            png("b.png", 4, 4, Color.WHITE),
            png("c.png", 4, 4, new Color(51, 51, 51)));
    Tensor image = tensor("UINT8", List.of(2L, 2L, 3L), files);
    Tensor scale = new Tensor("SCALE", List.of(1L), "FP32", Tensor.Fill.ZEROS, null);
    List<Path> order = ImageTensors.order(image, 7);

    KserveInputs rest = KserveInputs.prepare(target(TargetProtocol.KSERVE_V2, image, scale), 7);
    KserveInputs grpc =
        KserveInputs.prepare(target(TargetProtocol.KSERVE_V2_GRPC, image, scale), 7);

    assertThat(rest.v2Bodies()).hasSize(3);
    assertThat(grpc.grpcRequests()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      int grey = files.indexOf(order.get(i)) == 0 ? 0 : files.indexOf(order.get(i)) == 1 ? 255 : 51;
      JsonObject body = rest.v2Bodies().get(i).toJsonObject();
      assertThat(body.getJsonArray("inputs").getJsonObject(0).getJsonArray("data").getList())
          .hasSize(12)
          .containsOnly(grey);
      assertThat(body.getJsonArray("inputs").getJsonObject(1).getJsonArray("data").getList())
          .containsExactly(0.0);
      ModelInferRequest request = grpc.grpcRequests().get(i);
      assertThat(request.getRawInputContentsCount()).isEqualTo(2);
      assertThat(request.getRawInputContents(0).toByteArray())
          .hasSize(12)
          .containsOnly((byte) grey);
      assertThat(request.getRawInputContents(1).size()).isEqualTo(4);
    }
  }

  @Test
  void anImageThatNoLongerDecodesIsNamedWithItsPath() throws Exception {
    Path file = Files.writeString(dir.resolve("gone.png"), "no longer a PNG");
    Tensor image = tensor("FP32", List.of(2L, 2L, 3L), List.of(file));

    assertThatThrownBy(() -> KserveInputs.prepare(target(TargetProtocol.KSERVE_V2, image), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("$.target.tensors[0].images: cannot decode " + file);
  }

  private static Target target(TargetProtocol protocol, Tensor... tensors) {
    return new Target(
        "images",
        protocol,
        URI.create("http://127.0.0.1:1"),
        false,
        Duration.ofSeconds(5),
        null,
        Map.of(),
        false,
        Tls.DEFAULT,
        null,
        null,
        List.of(tensors));
  }
}
