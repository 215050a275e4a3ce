package io.broadside.common.histogram;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The one histogram shape: microseconds, 1 µs to 1 h, 3 significant digits. Every histogram and
 * recorder in Broadside is made here, so merges stay on HdrHistogram's same-shape fast path.
 */
public final class Histograms {
  public static final long LOWEST_US = 1;
  public static final long HIGHEST_US = 3_600_000_000L;
  public static final int DIGITS = 3;

  private Histograms() {}

  public static Histogram newHistogram() {
    return new Histogram(LOWEST_US, HIGHEST_US, DIGITS);
  }

  public static SingleWriterRecorder newRecorder() {
    return new SingleWriterRecorder(LOWEST_US, HIGHEST_US, DIGITS);
  }

  /**
   * Clamps a value to the trackable range. The caller counts values that needed clamping, so
   * nothing out of range is hidden.
   */
  public static long clamp(long micros) {
    return Math.max(LOWEST_US, Math.min(HIGHEST_US, micros));
  }

  public static boolean inRange(long micros) {
    return micros >= LOWEST_US && micros <= HIGHEST_US;
  }

  /** Compressed encoding ({@code encodeIntoCompressedByteBuffer}); timestamps are not included. */
  public static byte[] encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    byte[] bytes = new byte[length];
    buffer.flip();
    buffer.get(bytes);
    return bytes;
  }

  /** Decodes what {@link #encode} wrote, into a histogram of the standard shape. */
  public static Histogram decode(byte[] bytes) {
    try {
      Histogram decoded =
          Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), HIGHEST_US);
      if (decoded.getLowestDiscernibleValue() == LOWEST_US
          && decoded.getHighestTrackableValue() == HIGHEST_US
          && decoded.getNumberOfSignificantValueDigits() == DIGITS) {
        return decoded;
      }
      Histogram standard = newHistogram();
      standard.add(decoded);
      return standard;
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
    }
  }
}
