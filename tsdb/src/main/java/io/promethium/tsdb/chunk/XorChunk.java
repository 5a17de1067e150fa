package io.promethium.tsdb.chunk;

import io.promethium.tsdb.SampleIterator;

/**
 * A Gorilla-style float chunk: timestamps as delta-of-delta in 1/14/17/20/64-bit buckets, values as
 * the XOR with the previous value's bits (leading/trailing zero windows). Values round-trip bit for
 * bit, so the stale-marker NaN, NaN payloads, ±Inf and -0.0 all survive.
 *
 * <p>One thread appends; any number may iterate concurrently. Bits already written never change and
 * the sample count is published last (volatile), so an iterator decodes a consistent prefix.
 *
 * <p>Serialized form ({@link #toBytes()}): a big-endian u16 sample count, then the bit stream
 * (the first sample is raw: 64-bit timestamp, 64-bit value).
 */
public final class XorChunk {
  /** Samples per chunk before the head cuts a new one, as in Prometheus. */
  public static final int TARGET_SAMPLES = 120;

  private final BitWriter w;
  /**
   * Published state: bit length (high 32 bits) and sample count (low 32), written last in one
   * volatile store so a concurrent reader gets a count and the exact end of its bits together.
   */
  private volatile long state;
  private long minT;
  private long lastT;
  private long lastDelta;
  private long lastVBits;
  private int leading = -1; // -1: no XOR window yet
  private int trailing;

  public XorChunk() {
    w = new BitWriter(3);
  }

  private XorChunk(long[] words, int bitLen) {
    w = new BitWriter(words, bitLen);
  }

  public int numSamples() {
    return (int) state;
  }

  /** Timestamp of the first sample; undefined when empty. */
  public long minTime() {
    return minT;
  }

  /** Timestamp of the last sample; undefined when empty. Only meaningful to the appending thread. */
  public long maxTime() {
    return lastT;
  }

  public double lastValue() {
    return Double.longBitsToDouble(lastVBits);
  }

  /** Size of the encoded bit stream in bytes (rounded up). */
  public int byteSize() {
    return 2 + ((w.bitLength() + 7) >>> 3);
  }

  /** Appends a sample; the caller guarantees {@code t} is greater than the last timestamp. */
  public void append(long t, double v) {
    long vbits = Double.doubleToRawLongBits(v);
    int n = (int) state;
    if (n == 0) {
      w.writeBits(t, 64);
      w.writeBits(vbits, 64);
      minT = t;
    } else {
      long delta = t - lastT;
      writeDod(delta - lastDelta);
      lastDelta = delta;
      writeXor(vbits ^ lastVBits);
    }
    lastT = t;
    lastVBits = vbits;
    state = ((long) w.bitLength() << 32) | (n + 1); // publish
  }

  private void writeDod(long dod) {
    if (dod == 0) {
      w.writeBits(0, 1);
    } else if (fits(dod, 14)) {
      w.writeBits((0b10L << 14) | (dod & 0x3FFF), 16);
    } else if (fits(dod, 17)) {
      w.writeBits((0b110L << 17) | (dod & 0x1FFFF), 20);
    } else if (fits(dod, 20)) {
      w.writeBits((0b1110L << 20) | (dod & 0xFFFFF), 24);
    } else {
      w.writeBits(0b1111, 4);
      w.writeBits(dod, 64);
    }
  }

  private static boolean fits(long x, int bits) {
    long lim = 1L << (bits - 1);
    return x >= -lim && x < lim;
  }

  private void writeXor(long xor) {
    if (xor == 0) {
      w.writeBits(0, 1);
      return;
    }
    int lead = Long.numberOfLeadingZeros(xor);
    int trail = Long.numberOfTrailingZeros(xor);
    if (lead > 31) {
      lead = 31; // 5 bits in the header
    }
    if (leading >= 0 && lead >= leading && trail >= trailing) {
      int sig = 64 - leading - trailing;
      w.writeBits(0b10, 2);
      w.writeBits(xor >>> trailing, sig);
      return;
    }
    leading = lead;
    trailing = trail;
    int sig = 64 - lead - trail;
    // '11', 5 bits leading zeros, 6 bits significant-bit count (64 is written as 0).
    w.writeBits((0b11L << 11) | ((long) lead << 6) | (sig & 63), 13);
    w.writeBits(xor >>> trail, sig);
  }

  /** The encoded chunk; only the appending thread may call this. */
  public byte[] toBytes() {
    int n = (int) state;
    int bytes = (w.bitLength() + 7) >>> 3;
    byte[] out = new byte[2 + bytes];
    out[0] = (byte) (n >>> 8);
    out[1] = (byte) n;
    long[] words = w.words();
    for (int i = 0; i < bytes; i++) {
      out[2 + i] = (byte) (words[i >>> 3] >>> (56 - ((i & 7) << 3)));
    }
    return out;
  }

  /**
   * The encoded form of the samples published so far; safe to call while another thread appends
   * (checkpoints snapshot open chunks without stopping commits). Bits past the published end are
   * masked off, so the result equals what {@link #toBytes()} returned at that count.
   */
  public byte[] snapshotBytes() {
    long st = state; // volatile read first: the words seen afterwards hold these bits
    int n = (int) st;
    int bits = (int) (st >>> 32);
    int bytes = (bits + 7) >>> 3;
    byte[] out = new byte[2 + bytes];
    out[0] = (byte) (n >>> 8);
    out[1] = (byte) n;
    long[] words = w.words();
    for (int i = 0; i < bytes; i++) {
      out[2 + i] = (byte) (words[i >>> 3] >>> (56 - ((i & 7) << 3)));
    }
    int spare = (bytes << 3) - bits;
    if (spare > 0) {
      out[1 + bytes] &= (byte) (0xff << spare);
    }
    return out;
  }

  /** Decodes a chunk so that it can be appended to again (used when recovering the head). */
  public static XorChunk fromBytes(byte[] b, int off, int len) {
    int n = sampleCount(b, off);
    long[] words = toWords(b, off, len, 4);
    XorChunk c = new XorChunk(words, 0);
    if (n == 0) {
      return c;
    }
    Iterator it = new Iterator(words, n);
    long prevT = 0;
    while (it.next()) {
      if (it.index == 1) {
        c.minT = it.t;
      }
      prevT = it.t;
    }
    c.lastT = prevT;
    c.lastDelta = it.delta;
    c.lastVBits = it.vbits;
    c.leading = it.leading;
    c.trailing = it.trailing;
    c.w.setBitLength(it.reader.position());
    c.state = ((long) it.reader.position() << 32) | n;
    return c;
  }

  public static int sampleCount(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }

  /** Iterates an encoded chunk without copying it into a chunk object. */
  public static SampleIterator iterator(byte[] b, int off, int len) {
    return new Iterator(toWords(b, off, len, 1), sampleCount(b, off));
  }

  private static long[] toWords(byte[] b, int off, int len, int spare) {
    int bytes = len - 2;
    long[] words = new long[((bytes + 7) >>> 3) + spare];
    for (int i = 0; i < bytes; i++) {
      words[i >>> 3] |= (b[off + 2 + i] & 0xffL) << (56 - ((i & 7) << 3));
    }
    return words;
  }

  /** A concurrent-safe iterator over the samples published so far. */
  public SampleIterator iterator() {
    int n = (int) state; // volatile read first: the words seen afterwards hold at least n samples
    return new Iterator(w.words(), n);
  }

  private static final class Iterator implements SampleIterator {
    private final BitReader reader;
    private final int n;
    private int index;
    private long t;
    private long delta;
    private long vbits;
    private int leading;
    private int trailing;

    Iterator(long[] words, int n) {
      this.reader = new BitReader(words);
      this.n = n;
    }

    @Override
    public boolean next() {
      if (index >= n) {
        index = n + 1;
        return false;
      }
      if (index == 0) {
        t = reader.readBits(64);
        vbits = reader.readBits(64);
      } else {
        delta += readDod();
        t += delta;
        readXor();
      }
      index++;
      return true;
    }

    private long readDod() {
      if (!reader.readBit()) {
        return 0;
      }
      if (!reader.readBit()) {
        return signExtend(reader.readBits(14), 14);
      }
      if (!reader.readBit()) {
        return signExtend(reader.readBits(17), 17);
      }
      if (!reader.readBit()) {
        return signExtend(reader.readBits(20), 20);
      }
      return reader.readBits(64);
    }

    private static long signExtend(long x, int bits) {
      return (x << (64 - bits)) >> (64 - bits);
    }

    private void readXor() {
      if (!reader.readBit()) {
        return;
      }
      if (reader.readBit()) {
        long hdr = reader.readBits(11);
        leading = (int) (hdr >>> 6);
        int sig = (int) (hdr & 63);
        if (sig == 0) {
          sig = 64;
        }
        trailing = 64 - leading - sig;
      }
      int sig = 64 - leading - trailing;
      vbits ^= reader.readBits(sig) << trailing;
    }

    @Override
    public boolean seek(long target) {
      if (index > 0 && index <= n && t >= target) {
        return true;
      }
      while (next()) {
        if (t >= target) {
          return true;
        }
      }
      return false;
    }

    @Override
    public long t() {
      return t;
    }

    @Override
    public double v() {
      return Double.longBitsToDouble(vbits);
    }
  }
}
