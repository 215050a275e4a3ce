package io.broadside.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.testing.Schemas;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fill: images} on a KServe V2 tensor: the files it finds, and every problem it reports. */
class TensorImagesPlanTest {
  @TempDir Path dir;

  @BeforeEach
  void writeImages() throws Exception {
    Files.createDirectories(dir.resolve("images"));
    ImageIO.write(image(), "png", dir.resolve("images/b.png").toFile());
    ImageIO.write(image(), "jpeg", dir.resolve("images/a.jpg").toFile());
    Files.writeString(dir.resolve("images/notes.txt"), "not an image, and not read");
    Files.createDirectories(dir.resolve("empty"));
  }

  private static BufferedImage image() {
    return new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
  }

  private static String plan(String protocol, String tensors) {
    return """
        name: images
        target:
          protocol: %s
          url: http://127.0.0.1:8002
          tensors:
        %s
        models: [resnet-50]
        load: {mode: closed, stages: [{duration: 1s, users: 1}]}
        """
        .formatted(protocol, tensors.indent(4).stripTrailing());
  }

  private ParseResult parse(String protocol, String tensors) {
    return PlanParser.parse(plan(protocol, tensors), dir);
  }

  private List<Problem> problems(String protocol, String tensors) {
    ParseResult result = parse(protocol, tensors);
    assertThat(result.plan()).as("a plan with problems has no plan").isNull();
    return result.problems();
  }

  @Test
  void readsTheFolderImageFilesInNameOrder() {
    ParseResult result =
        parse(
            "kserve-v2",
            "- {name: IMAGE, shape: [1, 224, 224, 3], datatype: FP32, fill: images, images:"
                + " images}");

    assertThat(result.problems()).isEmpty();
    Tensor tensor = result.plan().target().tensors().get(0);
    assertThat(tensor.fill()).isEqualTo(Tensor.Fill.IMAGES);
    assertThat(tensor.images())
        .containsExactly(dir.resolve("images/a.jpg"), dir.resolve("images/b.png"));
    assertThat(ImageShape.of(tensor.shape())).isEqualTo(new ImageShape(224, 224, false));
  }

  @Test
  void takesOneFileAndEncodedBytesOverGrpc() {
    ParseResult result =
        parse(
            "kserve-v2-grpc",
            "- {name: RAW, shape: [1], datatype: BYTES, fill: images, images: images/b.png}\n"
                + "- {name: K, shape: [1], datatype: INT32, fill: zeros}");

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().target().tensors().get(0).images())
        .containsExactly(dir.resolve("images/b.png"));
    assertThat(result.plan().target().tensors().get(1).images()).isEmpty();
  }

  @Test
  void readsBothLayoutsWithOrWithoutABatch() {
    assertThat(ImageShape.of(List.of(8L, 6L, 3L))).isEqualTo(new ImageShape(8, 6, false));
    assertThat(ImageShape.of(List.of(1L, 3L, 8L, 6L))).isEqualTo(new ImageShape(8, 6, true));
    assertThat(ImageShape.of(List.of(3L, 8L, 3L))).isEqualTo(new ImageShape(3, 8, false));
    assertThat(ImageShape.of(List.of(2L, 8L, 6L, 3L))).isNull();
    assertThat(ImageShape.of(List.of(8L, 6L))).isNull();
    assertThat(ImageShape.of(List.of(8L, 6L, 4L))).isNull();
  }

  @Test
  void requiresImagesWithFillImagesAndOnlyThen() {
    assertThat(
            problems(
                "kserve-v2",
                "- {name: A, shape: [8, 8, 3], datatype: UINT8, fill: images}\n"
                    + "- {name: B, shape: [1], datatype: BYTES, images: images}"))
        .containsExactly(
            new Problem("$.target.tensors[0].images", "is required"),
            new Problem(
                "$.target.tensors[1].images", "is read only with fill: images, was 'images'"));
  }

  @Test
  void refusesShapesAndDatatypesThatHoldNoImage() {
    assertThat(
            problems(
                "kserve-v2",
                "- {name: A, shape: [8, 8], datatype: FP32, fill: images, images: images}\n"
                    + "- {name: B, shape: [2], datatype: BYTES, fill: images, images: images}\n"
                    + "- {name: C, shape: [8, 8, 3], datatype: INT64, fill: images, images:"
                    + " images}"))
        .extracting(Problem::path, Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "$.target.tensors[0].shape",
                "must be an image with FP32 and fill: images: [H, W, 3] or [3, H, W],"
                    + " optionally after a batch dimension of 1 (H and W up to 16384),"
                    + " was [8, 8]"),
            org.assertj.core.groups.Tuple.tuple(
                "$.target.tensors[1].fill",
                "images may fill one tensor of a target, and an earlier one has them"),
            org.assertj.core.groups.Tuple.tuple(
                "$.target.tensors[2].fill",
                "images may fill one tensor of a target, and an earlier one has them"));
  }

  @Test
  void refusesAnotherDatatypeAndAManyElementBytesTensor() {
    assertThat(
            problems(
                "kserve-v2",
                "- {name: C, shape: [8, 8, 3], datatype: INT64, fill: images, images: images}"))
        .containsExactly(
            new Problem(
                "$.target.tensors[0].datatype",
                "must be BYTES, FP32 or UINT8 with fill: images, was 'INT64'"));
    assertThat(
            problems(
                "kserve-v2",
                "- {name: B, shape: [2], datatype: BYTES, fill: images, images: images}"))
        .extracting(Problem::path)
        .containsExactly("$.target.tensors[0].shape");
  }

  @Test
  void refusesAMissingOrEmptyFolder() {
    assertThat(
            problems(
                "kserve-v2",
                "- {name: A, shape: [1], datatype: BYTES, fill: images, images: nowhere}"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$.target.tensors[0].images");
              assertThat(p.message())
                  .isEqualTo(
                      "must be an existing file or folder in the plan's folder, was 'nowhere'");
            });
    assertThat(
            problems(
                "kserve-v2",
                "- {name: A, shape: [1], datatype: BYTES, fill: images, images: empty}"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("$.target.tensors[0].images");
              assertThat(p.message())
                  .startsWith("must hold PNG or JPEG files (.png, .jpg, .jpeg), but ")
                  .endsWith(" holds none, was 'empty'");
            });
  }

  @Test
  void refusesAFileThatDoesNotDecodeNamingIt() throws Exception {
    Files.writeString(dir.resolve("images/broken.png"), "not a png");
    ImageIO.write(image(), "bmp", dir.resolve("images/bitmap.jpeg").toFile());

    assertThat(
            problems(
                "kserve-v2",
                "- {name: A, shape: [4, 4, 3], datatype: UINT8, fill: images, images: images}"))
        .containsExactly(
            new Problem(
                "$.target.tensors[0].images",
                "must hold only PNG or JPEG images, but 2 of 4 cannot be decoded:"
                    + " bitmap.jpeg (a bmp image, not PNG or JPEG), broken.png (not an image)"));
  }

  @Test
  void refusesImagesOnKserveV1AndMoreThanTheHeldBytes() {
    assertThat(
            problems(
                "kserve-v1",
                "- {name: A, shape: [4, 4, 3], datatype: UINT8, fill: images, images: images}"))
        .extracting(Problem::path)
        .containsExactly("$.target.tensors[0].fill");
    // 2 images × 8192 × 8192 × 3 × 4 bytes = 1.5 GiB
    assertThat(
            problems(
                "kserve-v2",
                "- {name: A, shape: [8192, 8192, 3], datatype: FP32, fill: images, images:"
                    + " images}"))
        .containsExactly(
            new Problem(
                "$.target.tensors[0].images",
                "make 1536 MiB of tensor data, more than the 512 MiB held ready; use fewer or"
                    + " smaller images, was 'images'"));
  }

  @Test
  void theSchemaTakesAnImagesTensorAndRefusesImagesWithoutFill() {
    String good =
        plan(
            "kserve-v2",
            "- {name: A, shape: [1, 3, 8, 8], datatype: FP32, fill: images, images: images}");
    String stray = plan("kserve-v2", "- {name: A, shape: [1], datatype: BYTES, images: images}");

    assertThat(Schemas.violations(Schemas.PLAN, good)).isEmpty();
    assertThat(Schemas.violations(Schemas.PLAN, stray)).isNotEmpty();
  }
}
