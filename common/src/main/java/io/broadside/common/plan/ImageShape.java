package io.broadside.common.plan;

import java.util.List;

/**
 * Where the pixels of an RGB image go in a tensor's shape: {@code [H, W, 3]} (channels last, NHWC)
 * or {@code [3, H, W]} (channels first, NCHW), either optionally after a batch dimension of 1. When
 * both readings fit (a shape such as {@code [3, 8, 3]}), channels last wins.
 *
 * @param height rows, H
 * @param width columns, W
 * @param channelsFirst whether the three colour planes come one after another (NCHW) rather than
 *     interleaved per pixel (NHWC)
 */
public record ImageShape(int height, int width, boolean channelsFirst) {
  /** Largest height or width accepted, in pixels. */
  public static final int MAX_SIDE = 16_384;

  /** The image shape of {@code shape}, or null when it is none of the four forms. */
  public static ImageShape of(List<Long> shape) {
    List<Long> dims = shape.size() == 4 && shape.get(0) == 1 ? shape.subList(1, 4) : shape;
    if (dims.size() != 3 || dims.stream().anyMatch(d -> d < 1 || d > MAX_SIDE)) {
      return null;
    }
    if (dims.get(2) == 3) {
      return new ImageShape(dims.get(0).intValue(), dims.get(1).intValue(), false);
    }
    if (dims.get(0) == 3) {
      return new ImageShape(dims.get(1).intValue(), dims.get(2).intValue(), true);
    }
    return null;
  }

  /** Elements of one image: {@code 3 × H × W}. */
  public long elements() {
    return 3L * height * width;
  }
}
