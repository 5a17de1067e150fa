package io.promethium.scrape;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MurmurHash3 x64 128-bit (seed 0) of a byte range, without allocating: {@link #hash} returns the
 * first half and leaves the second in {@link #high()}. The scrape cache keys series by this hash
 * instead of keeping their text (~850 bytes per Istio series), so a collision must be
 * practically impossible: at 10^4 series per target the chance is about 10^-31.
 *
 * <p>Written here rather than taken from commons-codec because that version returns a fresh
 * {@code long[]} per call, on the per-line path; the tests check both agree.
 */
final class Murmur3Hash128 {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  private long high;

  /** Hashes {@code b[from, to)}; returns the low 64 bits. Not thread-safe (keeps the high half). */
  long hash(byte[] b, int from, int to) {
    int len = to - from;
    long h1 = 0;
    long h2 = 0;
    int i = from;
    for (int blocksEnd = from + (len & ~15); i < blocksEnd; i += 16) {
      long k1 = (long) LONGS.get(b, i);
      long k2 = (long) LONGS.get(b, i + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = to - i;
    if (tail > 0) {
      long k1 = 0;
      long k2 = 0;
      for (int j = tail - 1; j >= 8; j--) {
        k2 = (k2 << 8) | (b[i + j] & 0xff);
      }
      for (int j = Math.min(tail, 8) - 1; j >= 0; j--) {
        k1 = (k1 << 8) | (b[i + j] & 0xff);
      }
      if (tail > 8) {
        h2 ^= mixK2(k2);
      }
      h1 ^= mixK1(k1);
    }
    h1 ^= len;
    h2 ^= len;
    h1 += h2;
    h2 += h1;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 += h2;
    h2 += h1;
    high = h2;
    return h1;
  }

  /** The second 64 bits of the last {@link #hash}. */
  long high() {
    return high;
  }

  private static long mixK1(long k) {
    return Long.rotateLeft(k * C1, 31) * C2;
  }

  private static long mixK2(long k) {
    return Long.rotateLeft(k * C2, 33) * C1;
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
