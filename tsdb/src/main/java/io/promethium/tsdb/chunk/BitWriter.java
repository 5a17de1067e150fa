package io.promethium.tsdb.chunk;

import java.util.Arrays;

/**
 * Appends bit fields, most significant bit first, to a growable {@code long[]}. Bits already
 * written are never changed, so a reader that was told a bit length may read concurrently.
 */
final class BitWriter {
  private long[] words;
  private int bitLen;

  BitWriter(int initialWords) {
    words = new long[Math.max(1, initialWords)];
  }

  BitWriter(long[] words, int bitLen) {
    this.words = words;
    this.bitLen = bitLen;
  }

  long[] words() {
    return words;
  }

  int bitLength() {
    return bitLen;
  }

  /** Sets the write position of a writer rebuilt from decoded words; bits past it must be zero. */
  void setBitLength(int bits) {
    bitLen = bits;
  }

  void writeBit(boolean bit) {
    writeBits(bit ? 1L : 0L, 1);
  }

  /** Writes the low {@code n} bits of {@code value} (1 ≤ n ≤ 64). */
  void writeBits(long value, int n) {
    if (n < 64) {
      value &= (1L << n) - 1;
    }
    int idx = bitLen >>> 6;
    int free = 64 - (bitLen & 63);
    if (idx + 1 >= words.length) {
      // Grow by half: head chunks start tiny and most stop near 20 words.
      words = Arrays.copyOf(words, words.length + Math.max(2, words.length >>> 1));
    }
    if (n <= free) {
      words[idx] |= value << (free - n);
    } else {
      int rest = n - free;
      words[idx] |= value >>> rest;
      words[idx + 1] = value << (64 - rest);
    }
    bitLen += n;
  }
}
