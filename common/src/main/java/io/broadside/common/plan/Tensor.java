package io.broadside.common.plan;

import java.nio.file.Path;
import java.util.List;

/**
 * One input tensor of a KServe (V1 or V2) request.
 *
 * @param shape dimensions, each positive
 * @param datatype an Open Inference Protocol datatype: BOOL, UINT8 … UINT64, INT8 … INT64, FP16,
 *     FP32, FP64 or BYTES
 * @param fill how the elements are made: seeded random values, zeros, or read from {@code file} (a
 *     JSON array, nested arrays read row-major: numbers, strings for BYTES, booleans for BOOL)
 * @param file nullable: for {@link Fill#FILE}
 */
public record Tensor(String name, List<Long> shape, String datatype, Fill fill, Path file) {
  public Tensor {
    shape = List.copyOf(shape);
  }

  public enum Fill {
    RANDOM,
    ZEROS,
    FILE
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
