package io.broadside.agent.client.kserve;

import io.broadside.common.plan.ImageShape;
import io.broadside.common.plan.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The images of a {@code fill: images} tensor: their seeded order, and each made into the elements
 * a request carries. Decoding blocks on file I/O and costs CPU: call on a worker thread.
 *
 * <p>Pixel tensors (FP32, UINT8) take the image as {@link BufferedImage#getRGB} gives it (sRGB,
 * alpha dropped), resized bilinearly to the tensor's H × W (pixel centres aligned, edges clamped,
 * no antialiasing: OpenCV's {@code INTER_LINEAR}; an image of that size already is copied
 * unchanged).
 */
public final class ImageTensors {
  private static final long ORDER_SALT = 0x696D61676573L;

  private ImageTensors() {}

  /**
   * The tensor's images in a seeded order: a permutation drawn from {@code seed} alone, so every
   * agent of a run, and every run of the plan, sees the same order.
   */
  public static List<Path> order(Tensor tensor, long seed) {
    List<Path> files = new ArrayList<>(tensor.images());
    Collections.shuffle(files, new Random(seed ^ ORDER_SALT));
    return files;
  }

  /**
   * The elements of one image for {@code tensor}: the file's bytes for BYTES, else the image
   * decoded and resized. Blocking.
   *
   * @throws IOException when the file cannot be read or decoded
   */
  public static ImageElements elements(Tensor tensor, Path file) throws IOException {
    if (tensor.datatype().equals("BYTES")) {
      return new ImageElements("BYTES", Files.readAllBytes(file));
    }
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      throw new IOException(file + " is not a PNG or JPEG image");
    }
    return new ImageElements(tensor.datatype(), pixels(image, ImageShape.of(tensor.shape())));
  }

  /** The RGB pixels of {@code image} at {@code shape}'s size and layout, one byte per element. */
  static byte[] pixels(BufferedImage image, ImageShape shape) {
    int inW = image.getWidth();
    int inH = image.getHeight();
    int[] rgb = image.getRGB(0, 0, inW, inH, null, 0, inW);
    int outW = shape.width();
    int outH = shape.height();
    byte[] out = new byte[(int) shape.elements()];
    int plane = outW * outH;
    for (int y = 0; y < outH; y++) {
      double fy = source(y, inH, outH);
      int y0 = (int) fy;
      int y1 = Math.min(y0 + 1, inH - 1);
      double wy = fy - y0;
      for (int x = 0; x < outW; x++) {
        double fx = source(x, inW, outW);
        int x0 = (int) fx;
        int x1 = Math.min(x0 + 1, inW - 1);
        double wx = fx - x0;
        int a = rgb[y0 * inW + x0];
        int b = rgb[y0 * inW + x1];
        int c = rgb[y1 * inW + x0];
        int d = rgb[y1 * inW + x1];
        for (int ch = 0; ch < 3; ch++) {
          int shift = 16 - 8 * ch;
          double top = lerp(a >> shift & 0xff, b >> shift & 0xff, wx);
          double bottom = lerp(c >> shift & 0xff, d >> shift & 0xff, wx);
          int v = (int) Math.round(lerp(top, bottom, wy));
          int at = shape.channelsFirst() ? ch * plane + y * outW + x : (y * outW + x) * 3 + ch;
          out[at] = (byte) Math.max(0, Math.min(255, v));
        }
      }
    }
    return out;
  }

  /** The source coordinate of output pixel {@code i}'s centre, clamped to the image. */
  private static double source(int i, int in, int out) {
    double at = (i + 0.5) * in / out - 0.5;
    return Math.max(0, Math.min(in - 1, at));
  }

  private static double lerp(double a, double b, double w) {
    return a + (b - a) * w;
  }
}
