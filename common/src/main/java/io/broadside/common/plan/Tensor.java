package io.broadside.common.plan;

import java.nio.file.Path;
import java.util.List;

/**
 * One input tensor of a KServe (V1 or V2) request.
 *
 * @param shape dimensions, each positive
 * @param datatype an Open Inference Protocol datatype: BOOL, UINT8 … UINT64, INT8 … INT64, FP16,
 *     FP32, FP64 or BYTES
 * @param fill how the elements are made: seeded random values, zeros, read from {@code file} (a
 *     JSON array, nested arrays read row-major: numbers, strings for BYTES, booleans for BOOL), or
 *     one of {@code images} per request
 * @param file nullable: for {@link Fill#FILE}
 * @param images for {@link Fill#IMAGES}: the PNG and JPEG files, in name order; empty otherwise.
 *     With BYTES each request carries one file's bytes as they are; with FP32 or UINT8 the image
 *     decoded to RGB at the {@link ImageShape} of {@code shape}
 */
public record Tensor(
    String name, List<Long> shape, String datatype, Fill fill, Path file, List<Path> images) {
  /** The most images one tensor may cycle through. */
  public static final int MAX_IMAGES = 10_000;

  /**
   * The most bytes the payloads of one image tensor may take, all images together: checked on the
   * tensor data when the plan is read (H × W × 3 × 4 per image for FP32, × 1 for UINT8, the file
   * sizes for BYTES) and on the encoded requests when an agent prepares them.
   */
  public static final long MAX_IMAGE_BYTES = 512L << 20;

  public Tensor {
    shape = List.copyOf(shape);
    images = List.copyOf(images);
  }

  /** A tensor of the same elements in every request. */
  public Tensor(String name, List<Long> shape, String datatype, Fill fill, Path file) {
    this(name, shape, datatype, fill, file, List.of());
  }

  public enum Fill {
    RANDOM,
    ZEROS,
    FILE,
    IMAGES
  }

  /** The number of elements: the product of the shape. */
  public long elements() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
