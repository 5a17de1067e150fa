package io.promethium.tsdb;

/**
 * Byte layout of one commit's record in the {@code log} family.
 *
 * <p>Format 3 (current): per sample {@code zigzag varint Δref, zigzag varint Δt, value}, deltas
 * against the previous sample of the record (the first against 0). Scrapes append their series in
 * the same order every time, so Δref is mostly 1 and Δt 0: one byte each. The value is a uvarint
 * header {@code h}: even means the integer {@code unzigzag(h >>> 1)} (used only when the double
 * converts to that long and back to the very same bits, so -0.0, NaNs and ±Inf never take it),
 * {@code 1} means the 8 raw IEEE bits follow (big-endian). Counters, buckets and most gauges are
 * integers: 1–5 bytes instead of 8.
 *
 * <p>Format 2 (read only, stores written before): {@code varint ref, zigzag Δt, 8-byte value}.
 */
final class CommitRecord {
  static final int FORMAT_V2 = 2;
  static final int FORMAT_V3 = 3;
  /** Integers whose zigzag form shifted left by one still fits 64 bits. */
  private static final long MAX_INT = 1L << 61;

  private CommitRecord() {}

  /** Writes a value in format 3's tagged form. */
  static void putValue(StoreCodec.ByteWriter w, long bits) {
    double v = Double.longBitsToDouble(bits);
    long l = (long) v;
    if (l > -MAX_INT && l < MAX_INT && Double.doubleToRawLongBits((double) l) == bits) {
      w.uvarint(((l << 1) ^ (l >> 63)) << 1);
    } else {
      w.uvarint(1);
      w.int64(bits);
    }
  }

  /** Reads a value written by {@link #putValue}; throws on an unknown tag. */
  static long getValue(StoreCodec.ByteReader r) {
    long h = r.uvarint();
    if ((h & 1) == 0) {
      long z = h >>> 1;
      return Double.doubleToRawLongBits((double) ((z >>> 1) ^ -(z & 1)));
    }
    if (h == 1) {
      return r.int64();
    }
    throw new StorageException("corrupt log record: unknown value tag " + h);
  }

  /** Builds format-3 records; reused across commits by its owner. */
  static final class Encoder {
    private final StoreCodec.ByteWriter w = new StoreCodec.ByteWriter(1 << 16);
    private int prevRef;
    private long prevT;

    void reset() {
      w.reset();
      prevRef = 0;
      prevT = 0;
    }

    void add(int ref, long t, long vbits) {
      w.zigzag((long) ref - prevRef);
      w.zigzag(t - prevT);
      putValue(w, vbits);
      prevRef = ref;
      prevT = t;
    }

    byte[] toArray() {
      return w.toArray();
    }
  }

  /** Iterates the samples of one record of either format. */
  static final class Decoder {
    private final StoreCodec.ByteReader r;
    private final int format;
    private int ref;
    private long t;
    private long vbits;

    Decoder(byte[] record, int format) {
      if (format != FORMAT_V2 && format != FORMAT_V3) {
        throw new IllegalArgumentException("log format " + format);
      }
      this.r = new StoreCodec.ByteReader(record);
      this.format = format;
    }

    boolean next() {
      if (!r.hasMore()) {
        return false;
      }
      if (format == FORMAT_V3) {
        long dref = r.zigzag();
        t += r.zigzag();
        vbits = getValue(r);
        ref = (int) (ref + dref);
      } else {
        ref = (int) r.uvarint();
        t += r.zigzag();
        vbits = r.int64();
      }
      return true;
    }

    int ref() {
      return ref;
    }

    long t() {
      return t;
    }

    long vbits() {
      return vbits;
    }
  }
}
