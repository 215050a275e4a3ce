package io.broadside.common.plan;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a tensor's {@code fill: images} and {@code images}: the datatype and shape must take an
 * image, and the folder or file must hold PNG or JPEG files within the bounds of what an agent
 * holds ready ({@link Tensor#MAX_IMAGES} images, {@link Tensor#MAX_IMAGE_BYTES} of tensor data).
 * Reads each file's header, not its pixels (agents decode at prepare time); blocks on that I/O.
 */
final class TensorImagesReader {
  private static final int MAX_IMAGES = Tensor.MAX_IMAGES;
  private static final long MAX_BYTES = Tensor.MAX_IMAGE_BYTES;
  static final Set<String> DATATYPES = Set.of("BYTES", "FP32", "UINT8");
  private static final Set<String> SUFFIXES = Set.of(".png", ".jpg", ".jpeg");
  private static final Set<String> FORMATS = Set.of("png", "jpeg");
  private static final int NAMED = 5;

  private TensorImagesReader() {}

  /**
   * The image files of {@code images}, in name order, or an empty list with every problem reported.
   *
   * @param datatype nullable when already reported
   * @param shape nullable when already reported
   */
  static List<Path> read(Fields t, PlanFiles planFiles, String datatype, List<Long> shape) {
    long perImage = -1;
    if (datatype != null && !DATATYPES.contains(datatype)) {
      t.problem(
          "datatype", "must be BYTES, FP32 or UINT8 with fill: images, was '" + datatype + "'");
    } else if (datatype != null && shape != null) {
      perImage = perImage(t, datatype, shape);
    }
    String text = t.required("images", t::text);
    if (text == null) {
      return List.of();
    }
    List<Path> files = files(t, planFiles, text);
    if (files.isEmpty()) {
      return List.of();
    }
    if (files.size() > MAX_IMAGES) {
      t.problem(
          "images",
          "holds "
              + files.size()
              + " images, more than the "
              + MAX_IMAGES
              + " a tensor may cycle through, was '"
              + text
              + "'");
      return List.of();
    }
    List<String> bad = new ArrayList<>();
    long bytes = 0;
    for (Path file : files) {
      if (planFiles.readsBack() && !Files.exists(file)) {
        continue;
      }
      String why = unreadable(file);
      if (why != null) {
        bad.add(file.getFileName() + " (" + why + ")");
      }
      bytes += perImage >= 0 ? perImage : size(file);
    }
    if (!bad.isEmpty()) {
      t.problem(
          "images",
          "must hold only PNG or JPEG images, but "
              + bad.size()
              + " of "
              + files.size()
              + " cannot be decoded: "
              + String.join(", ", bad.subList(0, Math.min(NAMED, bad.size())))
              + (bad.size() > NAMED ? " and " + (bad.size() - NAMED) + " more" : ""));
      return List.of();
    }
    if (bytes > MAX_BYTES) {
      t.problem(
          "images",
          "make "
              + (bytes >> 20)
              + " MiB of tensor data, more than the "
              + (MAX_BYTES >> 20)
              + " MiB held ready; use fewer or smaller images, was '"
              + text
              + "'");
      return List.of();
    }
    return List.copyOf(files);
  }

  /** Tensor bytes of one decoded image, -1 for BYTES (the file's size), or -1 if reported. */
  private static long perImage(Fields t, String datatype, List<Long> shape) {
    if (datatype.equals("BYTES")) {
      if (shape.stream().anyMatch(d -> d != 1)) {
        t.problem(
            "shape",
            "must hold one element with BYTES and fill: images (one encoded image per request),"
                + " such as [1], was "
                + shape);
      }
      return -1;
    }
    ImageShape image = ImageShape.of(shape);
    if (image == null) {
      t.problem(
          "shape",
          "must be an image with "
              + datatype
              + " and fill: images: [H, W, 3] or [3, H, W], optionally after a batch dimension"
              + " of 1 (H and W up to "
              + ImageShape.MAX_SIDE
              + "), was "
              + shape);
      return -1;
    }
    return image.elements() * (datatype.equals("FP32") ? 4 : 1);
  }

  /** The file, or a folder's image files by name; empty with a problem if none. */
  private static List<Path> files(Fields t, PlanFiles planFiles, String text) {
    Path resolved = planFiles.resolve(text, true, message -> t.problem("images", message));
    if (resolved == null) {
      return List.of();
    }
    if (Files.isRegularFile(resolved) || planFiles.readsBack() && !Files.exists(resolved)) {
      return List.of(resolved); // read back: the images are gone, the run's results kept
    }
    if (!Files.isDirectory(resolved)) {
      t.problem("images", "must be an existing folder or image file, was '" + text + "'");
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolved)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (!name.startsWith(".")
            && SUFFIXES.stream().anyMatch(lower::endsWith)
            && Files.isRegularFile(entry)
            && planFiles.holds(entry)) {
          files.add(entry);
        }
      }
    } catch (IOException e) {
      t.problem("images", "cannot be listed, was '" + text + "'");
      return List.of();
    }
    if (files.isEmpty()) {
      t.problem(
          "images",
          "must hold PNG or JPEG files (.png, .jpg, .jpeg), but the folder holds none, was '"
              + text
              + "'");
      return List.of();
    }
    files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    files.forEach(planFiles::record);
    return files;
  }

  /** Why the file is no readable PNG or JPEG (its header read only), or null if it is one. */
  static String unreadable(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        return "cannot be opened";
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return "not an image";
      }
      ImageReader reader = readers.next();
      try {
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
          return "a " + format + " image, not PNG or JPEG";
        }
        reader.setInput(in, true, true);
        if (reader.getWidth(0) < 1 || reader.getHeight(0) < 1) {
          return "no pixels";
        }
        return null;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return "unreadable (" + e.getClass().getSimpleName() + ")";
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
