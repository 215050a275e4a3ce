package io.broadside.common.histogram;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The recorded buckets of a histogram of the standard shape ({@link Histograms}), and nothing else:
 * each bucket's lowest value and its count, in value order. An interval of a few hundred buckets
 * takes a few KiB where a full histogram takes 189 KB, and adding it anywhere costs one step per
 * recorded bucket, not one per possible bucket (about 45,000). Decoded straight from the compressed
 * bytes an agent sends, without building a histogram first. Immutable.
 */
public final class SparseCounts {
  /** An empty histogram of the standard shape: its bucket arithmetic, never recorded into. */
  static final Histogram SHAPE = Histograms.newHistogram();

  /** The encoding's cookies (HdrHistogram's V2 format), without their word-size bits. */
  private static final int V2_COOKIE = 0x1c849303;

  private static final int V2_COMPRESSED_COOKIE = 0x1c849304;

  /** Buckets below this index are one unit wide: {@code 2^(ceil(log2(2 * 10^digits)) - 1)}. */
  private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 10;

  private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;

  private static final SparseCounts EMPTY = new SparseCounts(new long[0], new long[0], 0, 0);

  private final long[] values;
  private final long[] counts;
  private final int size;
  private final long total;

  SparseCounts(long[] values, long[] counts, int size, long total) {
    this.values = values;
    this.counts = counts;
    this.size = size;
    this.total = total;
  }

  public static SparseCounts empty() {
    return EMPTY;
  }

  /** The recorded buckets of {@code histogram} (of the standard shape). */
  public static SparseCounts of(AbstractHistogram histogram) {
    Builder b = new Builder(64);
    for (HistogramIterationValue v : histogram.recordedValues()) {
      b.add(SHAPE.lowestEquivalentValue(v.getValueIteratedTo()), v.getCountAtValueIteratedTo());
    }
    return b.build();
  }

  /**
   * Decodes what {@link Histograms#encode} wrote. A histogram of another shape (or another
   * encoding) is decoded by HdrHistogram itself and its buckets re-recorded into the standard
   * shape, as {@link Histograms#addRecorded} would.
   */
  public static SparseCounts decode(byte[] compressed) {
    try (Decoder decoder = new Decoder()) {
      return decoder.decode(compressed);
    }
  }

  /** The fast path alone: null for anything but the standard shape in the V2 encoding. */
  static SparseCounts decodeStandard(byte[] compressed) {
    try (Decoder decoder = new Decoder()) {
      return decoder.decodeStandard(compressed);
    }
  }

  /**
   * Decodes many histograms in turn with one inflater and one buffer (a snapshot's series): cheaper
   * than a thread-local per series on a pool of worker threads. Not thread-safe; close it.
   */
  public static final class Decoder implements AutoCloseable {
    private final Inflater inflater = new Inflater();
    private final Builder scratch = new Builder(1024);
    private byte[] out = new byte[4096];

    /** As {@link SparseCounts#decode}. */
    public SparseCounts decode(byte[] compressed) {
      SparseCounts standard = decodeStandard(compressed);
      return standard != null ? standard : of(Histograms.decodePacked(compressed));
    }

    @Override
    public void close() {
      inflater.end();
    }

    SparseCounts decodeStandard(byte[] compressed) {
      return SparseCounts.decodeStandard(compressed, inflater, this);
    }
  }

  private static SparseCounts decodeStandard(byte[] compressed, Inflater inflater, Decoder d) {
    ByteBuffer in = ByteBuffer.wrap(compressed).order(ByteOrder.BIG_ENDIAN);
    if (compressed.length < 8 || (in.getInt(0) & ~0xf0) != V2_COMPRESSED_COOKIE) {
      return null;
    }
    int length = in.getInt(4);
    inflater.reset();
    inflater.setInput(compressed, 8, Math.min(length, compressed.length - 8));
    byte[] out = d.out;
    int n = 0;
    try {
      while (!inflater.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
          d.out = out;
        }
        int got = inflater.inflate(out, n, out.length - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
    }
    ByteBuffer body = ByteBuffer.wrap(out, 0, n).order(ByteOrder.BIG_ENDIAN);
    if (n < 40 || (body.getInt(0) & ~0xf0) != V2_COOKIE) {
      return null;
    }
    int payload = body.getInt(4);
    int normalizingIndexOffset = body.getInt(8);
    int digits = body.getInt(12);
    long lowest = body.getLong(16);
    if (normalizingIndexOffset != 0
        || digits != Histograms.DIGITS
        || lowest != Histograms.LOWEST_US
        || 40 + payload > n) {
      return null;
    }
    body.position(40);
    int end = 40 + payload;
    Builder b = d.scratch;
    b.reset();
    long index = 0;
    while (body.position() < end) {
      long count = zigZag(body);
      if (count < 0) {
        index -= count; // a run of empty buckets
      } else {
        if (count > 0) {
          b.add(valueFromIndex(index), count);
        }
        index++;
      }
    }
    return b.build();
  }

  /** The lowest value of bucket {@code index} of the standard shape (unit 1, 3 digits). */
  static long valueFromIndex(long index) {
    int bucket = (int) (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
    long subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
    if (bucket < 0) {
      subBucket -= SUB_BUCKET_HALF_COUNT;
      bucket = 0;
    }
    return subBucket << bucket;
  }

  /** HdrHistogram's ZigZag LEB128 long: 7 bits a byte, the ninth byte whole. */
  private static long zigZag(ByteBuffer in) {
    long value = 0;
    int shift = 0;
    while (true) {
      long b = in.get();
      if (shift == 56) {
        value |= (b & 0xff) << 56;
        break;
      }
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
    }
    return (value >>> 1) ^ -(value & 1);
  }

  public int size() {
    return size;
  }

  public long totalCount() {
    return total;
  }

  /** The lowest value of the {@code i}-th recorded bucket. */
  public long valueAt(int i) {
    return values[i];
  }

  public long countAt(int i) {
    return counts[i];
  }

  /** Records every bucket into {@code target}, a histogram of the standard shape. */
  public void addTo(AbstractHistogram target) {
    for (int i = 0; i < size; i++) {
      target.recordValueWithCount(values[i], counts[i]);
    }
  }

  /** {@code this + plus - minus}, bucket by bucket ({@code minus} must be within the sum). */
  public SparseCounts plusMinus(SparseCounts plus, SparseCounts minus) {
    Builder b = new Builder(Math.max(16, size + plus.size));
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < size || j < plus.size) {
      long vi = i < size ? values[i] : Long.MAX_VALUE;
      long vj = j < plus.size ? plus.values[j] : Long.MAX_VALUE;
      long v = Math.min(vi, vj);
      long c = 0;
      if (vi == v) {
        c += counts[i++];
      }
      if (vj == v) {
        c += plus.counts[j++];
      }
      if (k < minus.size && minus.values[k] < v) {
        throw new IllegalStateException(
            "subtracting a bucket that is not there: " + minus.values[k]);
      }
      if (k < minus.size && minus.values[k] == v) {
        c -= minus.counts[k++];
      }
      if (c < 0) {
        throw new IllegalStateException("subtracting more than is there at " + v);
      }
      if (c > 0) {
        b.add(v, c);
      }
    }
    if (k < minus.size) {
      throw new IllegalStateException("subtracting a bucket that is not there: " + minus.values[k]);
    }
    return b.build();
  }

  /**
   * The value at {@code percentile} (0–100), exactly as {@link
   * AbstractHistogram#getValueAtPercentile} answers for a histogram holding these counts: 0 when
   * empty.
   */
  public long valueAtPercentile(double percentile) {
    double requested =
        Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY), 0.0D), 100.0D);
    double fpCount = (requested * total) / 100.0;
    long countAt = Math.max(1, (long) Math.ceil(fpCount));
    long running = 0;
    for (int i = 0; i < size; i++) {
      running += counts[i];
      if (running >= countAt) {
        return percentile == 0.0
            ? SHAPE.lowestEquivalentValue(values[i])
            : SHAPE.highestEquivalentValue(values[i]);
      }
    }
    return 0;
  }

  /** Gathers buckets in increasing value order. */
  static final class Builder {
    private long[] values;
    private long[] counts;
    private int size;
    private long total;

    Builder(int capacity) {
      values = new long[capacity];
      counts = new long[capacity];
    }

    /** Empty again, keeping its arrays: what it built holds copies. */
    void reset() {
      size = 0;
      total = 0;
    }

    void add(long value, long count) {
      total += count;
      if (size > 0 && values[size - 1] == value) {
        // two buckets of another shape that fall in one bucket of the standard shape
        counts[size - 1] += count;
        return;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        counts = Arrays.copyOf(counts, size * 2);
      }
      values[size] = value;
      counts[size] = count;
      size++;
    }

    SparseCounts build() {
      if (size == 0) {
        return EMPTY;
      }
      // copies, exactly as long as needed: a builder may be reset and reused
      return new SparseCounts(
          Arrays.copyOf(values, size), Arrays.copyOf(counts, size), size, total);
    }
  }

  /**
   * Sums many {@link SparseCounts} in any order, one hash probe a bucket; {@link #take} gives the
   * sum in value order and starts again. Not thread-safe.
   */
  public static final class Accumulator {
    private static final long FREE = -1;
    private long[] keys = newKeys(64);
    private long[] sums = new long[64];
    private int used;

    public void add(SparseCounts s) {
      for (int i = 0; i < s.size; i++) {
        add(s.values[i], s.counts[i]);
      }
    }

    public boolean isEmpty() {
      return used == 0;
    }

    /** The sum so far, in value order; the accumulator is empty afterwards. */
    public SparseCounts take() {
      if (used == 0) {
        return EMPTY;
      }
      long[] order = new long[used];
      int n = 0;
      for (long k : keys) {
        if (k != FREE) {
          order[n++] = k;
        }
      }
      Arrays.sort(order);
      Builder b = new Builder(used);
      for (long v : order) {
        b.add(v, sums[slot(keys, v)]);
      }
      keys = newKeys(64);
      sums = new long[64];
      used = 0;
      return b.build();
    }

    private void add(long value, long count) {
      if ((used + 1) * 2 > keys.length) {
        grow();
      }
      int at = slot(keys, value);
      if (keys[at] == FREE) {
        keys[at] = value;
        used++;
      }
      sums[at] += count;
    }

    private void grow() {
      long[] oldKeys = keys;
      long[] oldSums = sums;
      keys = newKeys(oldKeys.length * 2);
      sums = new long[oldKeys.length * 2];
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != FREE) {
          int at = slot(keys, oldKeys[i]);
          keys[at] = oldKeys[i];
          sums[at] = oldSums[i];
        }
      }
    }

    /** The slot holding {@code value}, or the free slot where it goes (linear probing). */
    private static int slot(long[] keys, long value) {
      int mask = keys.length - 1;
      int at = (int) (value * 0x9E3779B97F4A7C15L >>> 40) & mask;
      while (keys[at] != FREE && keys[at] != value) {
        at = (at + 1) & mask;
      }
      return at;
    }

    private static long[] newKeys(int n) {
      long[] k = new long[n];
      Arrays.fill(k, FREE);
      return k;
    }
  }
}
