package io.broadside.common.histogram;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.PackedHistogram;

/**
 * The one histogram shape: microseconds, 1 µs to 1 h, 3 significant digits. Every histogram in
 * Broadside is made here, so merges stay on HdrHistogram's same-shape fast path.
 */
public final class Histograms {
  public static final long LOWEST_US = 1;
  public static final long HIGHEST_US = 3_600_000_000L;
  public static final int DIGITS = 3;

  private Histograms() {}

  public static Histogram newHistogram() {
    return new Histogram(LOWEST_US, HIGHEST_US, DIGITS);
  }

  /** Compressed encoding ({@code encodeIntoCompressedByteBuffer}); timestamps are not included. */
  public static byte[] encode(AbstractHistogram histogram) {
    ByteBuffer buffer = ENCODE_BUFFER.get();
    int needed = histogram.getNeededByteBufferCapacity();
    if (buffer.capacity() < needed) {
      buffer = ByteBuffer.allocate(needed);
      ENCODE_BUFFER.set(buffer);
    }
    buffer.clear();
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    byte[] bytes = new byte[length];
    buffer.flip();
    buffer.get(bytes);
    return bytes;
  }

  /**
   * Decodes what {@link #encode} wrote into a compact {@link PackedHistogram} (a few KiB instead of
   * the 189 KB of a full one): what the coordinator holds only long enough to merge it.
   */
  public static PackedHistogram decodePacked(byte[] bytes) {
    try {
      return PackedHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), HIGHEST_US);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
    }
  }

  /**
   * Adds {@code source} into {@code target} by visiting only the source's recorded values: exact
   * (each value lands in the same bucket of the standard shape) and cheap for sparse intervals.
   */
  public static void addRecorded(AbstractHistogram source, AbstractHistogram target) {
    for (HistogramIterationValue v : source.recordedValues()) {
      target.recordValueWithCount(v.getValueIteratedTo(), v.getCountAtValueIteratedTo());
    }
  }

  private static final ThreadLocal<ByteBuffer> ENCODE_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));
}
