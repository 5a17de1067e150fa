package io.promethium.tsdb.chunk;

/** Reads bit fields written by {@link BitWriter}, most significant bit first. */
final class BitReader {
  private final long[] words;
  private int pos;

  BitReader(long[] words) {
    this.words = words;
  }

  boolean readBit() {
    boolean b = (words[pos >>> 6] << (pos & 63)) < 0;
    pos++;
    return b;
  }

  /** Reads {@code n} bits (1 ≤ n ≤ 64) as an unsigned value. */
  long readBits(int n) {
    int idx = pos >>> 6;
    int off = pos & 63;
    pos += n;
    long hi = words[idx] << off;
    if (off + n <= 64) {
      return hi >>> (64 - n);
    }
    // The field spans two words: the high part came from this word, the low part is the next's top.
    int rest = off + n - 64;
    return (hi >>> (64 - n)) | (words[idx + 1] >>> (64 - rest));
  }

  int position() {
    return pos;
  }
}
