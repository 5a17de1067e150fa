package io.promethium.scrape;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * XXH3 128-bit (seed 0, the default secret) of a byte range, without allocating: {@link #hash}
 * returns the low half and leaves the high half in {@link #high()}. The scrape cache keys series by
 * this hash instead of keeping their text (~850 bytes per Istio series), so a collision must be
 * practically impossible: at 10^4 series per target the chance is about 10^-31.
 *
 * <p>XXH3 rather than MurmurHash3: above 240 bytes (every Istio series) it reads the input as eight
 * independent 64-bit lanes, one 32×32-bit multiply each, where Murmur's two lanes chain two 64-bit
 * multiplies per 16 bytes; on an 850-byte series it costs a third as much. The tests check the
 * result against the reference implementation's, length by length.
 */
final class Xxh3Hash128 {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long PRIME32_1 = 0x9E3779B1L;
  private static final long PRIME32_2 = 0x85EBCA77L;
  private static final long PRIME32_3 = 0xC2B2AE3DL;
  private static final long PRIME64_1 = 0x9E3779B185EBCA87L;
  private static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
  private static final long PRIME64_3 = 0x165667B19E3779F9L;
  private static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
  private static final long PRIME64_5 = 0x27D4EB2F165667C5L;
  private static final long PRIME_MX1 = 0x165667919E3779F9L;
  private static final long PRIME_MX2 = 0x9FB21C651E98DF25L;

  /** The default 192-byte secret of the XXH3 specification. */
  private static final byte[] SECRET = bytes(
      0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
      0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
      0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
      0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
      0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
      0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
      0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
      0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
      0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
      0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
      0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
      0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e);
  private static final int SECRET_SIZE = 192;
  private static final int STRIPE = 64;
  /** Stripes per block (1 KiB): each stripe starts 8 bytes further into the secret. */
  private static final int STRIPES_PER_BLOCK = (SECRET_SIZE - STRIPE) / 8;
  /** The secret as little-endian longs at every byte offset a stripe or a merge reads. */
  private static final long[] SECRET_AT = new long[SECRET_SIZE - 7];

  static {
    for (int i = 0; i < SECRET_AT.length; i++) {
      SECRET_AT[i] = (long) LONGS.get(SECRET, i);
    }
  }

  private long high;
  /** The two accumulators of the 17-240-byte paths. */
  private long accLow;
  private long accHigh;

  /** Hashes {@code b[from, to)}; returns the low 64 bits. Not thread-safe (keeps the high half). */
  long hash(byte[] b, int from, int to) {
    int len = to - from;
    if (len > 240) {
      return hashLong(b, from, len);
    }
    if (len > 128) {
      return hash129To240(b, from, len);
    }
    if (len > 16) {
      return hash17To128(b, from, len);
    }
    if (len > 8) {
      return hash9To16(b, from, len);
    }
    if (len >= 4) {
      return hash4To8(b, from, len);
    }
    if (len > 0) {
      return hash1To3(b, from, len);
    }
    high = xxh64Avalanche(secret(80) ^ secret(88));
    return xxh64Avalanche(secret(64) ^ secret(72));
  }

  /** The high 64 bits of the last {@link #hash}. */
  long high() {
    return high;
  }

  private long hash1To3(byte[] b, int from, int len) {
    int c1 = b[from] & 0xff;
    int c2 = b[from + (len >> 1)] & 0xff;
    int c3 = b[from + len - 1] & 0xff;
    int combinedLow = (c1 << 16) | (c2 << 24) | c3 | (len << 8);
    int combinedHigh = Integer.rotateLeft(Integer.reverseBytes(combinedLow), 13);
    long flipLow = (secret32(0) ^ secret32(4)) & 0xFFFFFFFFL;
    long flipHigh = (secret32(8) ^ secret32(12)) & 0xFFFFFFFFL;
    high = xxh64Avalanche((combinedHigh & 0xFFFFFFFFL) ^ flipHigh);
    return xxh64Avalanche((combinedLow & 0xFFFFFFFFL) ^ flipLow);
  }

  private long hash4To8(byte[] b, int from, int len) {
    long lo = (int) INTS.get(b, from) & 0xFFFFFFFFL;
    long hi = (int) INTS.get(b, from + len - 4) & 0xFFFFFFFFL;
    long keyed = (lo + (hi << 32)) ^ (secret(16) ^ secret(24));
    long m = PRIME64_1 + ((long) len << 2);
    long mLow = keyed * m;
    long mHigh = Math.unsignedMultiplyHigh(keyed, m);
    mHigh += mLow << 1;
    mLow ^= mHigh >>> 3;
    mLow ^= mLow >>> 35;
    mLow *= PRIME_MX2;
    mLow ^= mLow >>> 28;
    high = avalanche(mHigh);
    return mLow;
  }

  private long hash9To16(byte[] b, int from, int len) {
    long flipLow = secret(32) ^ secret(40);
    long flipHigh = secret(48) ^ secret(56);
    long inLow = (long) LONGS.get(b, from);
    long inHigh = (long) LONGS.get(b, from + len - 8);
    long k = inLow ^ inHigh ^ flipLow;
    long mLow = k * PRIME64_1;
    long mHigh = Math.unsignedMultiplyHigh(k, PRIME64_1);
    mLow += (long) (len - 1) << 54;
    inHigh ^= flipHigh;
    mHigh += inHigh + (inHigh & 0xFFFFFFFFL) * (PRIME32_2 - 1);
    mLow ^= Long.reverseBytes(mHigh);
    long hLow = mLow * PRIME64_2;
    long hHigh = Math.unsignedMultiplyHigh(mLow, PRIME64_2) + mHigh * PRIME64_2;
    high = avalanche(hHigh);
    return avalanche(hLow);
  }

  private long hash17To128(byte[] b, int from, int len) {
    accLow = len * PRIME64_1;
    accHigh = 0;
    // The reference's nested tests, unrolled from the innermost pair outwards: 16 bytes from the
    // front against 16 from the back, 32 bytes of the secret each.
    for (int i = (len - 1) >> 5; i >= 0; i--) {
      mix32(b, from + 16 * i, from + len - 16 * (i + 1), 32 * i);
    }
    return finish(len);
  }

  private long hash129To240(byte[] b, int from, int len) {
    accLow = len * PRIME64_1;
    accHigh = 0;
    int rounds = len / 32; // at least 4: len > 128
    for (int i = 0; i < rounds; i++) {
      // Rounds after the fourth read the secret from offset 3, 32 bytes further each.
      mix32(b, from + 32 * i, from + 32 * i + 16, i < 4 ? 32 * i : 3 + 32 * (i - 4));
      if (i == 3) {
        accLow = avalanche(accLow);
        accHigh = avalanche(accHigh);
      }
    }
    // The last 32 bytes, swapped, against the secret ending 17 bytes before its minimum size.
    mix32(b, from + len - 16, from + len - 32, 136 - 17 - 16);
    return finish(len);
  }

  /** A round of the 17-240-byte paths: 16 bytes at {@code a}, 16 at {@code z}, secret at {@code s}. */
  private void mix32(byte[] b, int a, int z, int s) {
    long aLow = (long) LONGS.get(b, a);
    long aHigh = (long) LONGS.get(b, a + 8);
    long zLow = (long) LONGS.get(b, z);
    long zHigh = (long) LONGS.get(b, z + 8);
    accLow += mix16(aLow, aHigh, s);
    accLow ^= zLow + zHigh;
    accHigh += mix16(zLow, zHigh, s + 16);
    accHigh ^= aLow + aHigh;
  }

  private long finish(int len) {
    long h = accLow * PRIME64_1 + accHigh * PRIME64_4 + len * PRIME64_2;
    high = -avalanche(h);
    return avalanche(accLow + accHigh);
  }

  private long hashLong(byte[] b, int from, int len) {
    long a0 = PRIME32_3;
    long a1 = PRIME64_1;
    long a2 = PRIME64_2;
    long a3 = PRIME64_3;
    long a4 = PRIME64_4;
    long a5 = PRIME32_2;
    long a6 = PRIME64_5;
    long a7 = PRIME32_1;
    long[] k = SECRET_AT;
    // Stripe i starts 64 i bytes in and 8 (i mod 16) bytes into the secret; blocks of 16 stripes
    // end with a scramble. The input's last stripe (partial blocks have at most 15) comes after
    // them: its last 64 bytes, overlapping, against the secret 7 bytes before its last 64.
    int stripes = (len - 1) / STRIPE;
    for (int i = 0; i <= stripes; i++) {
      boolean last = i == stripes;
      int p = last ? from + len - STRIPE : from + i * STRIPE;
      int o = last ? SECRET_SIZE - STRIPE - 7 : (i % STRIPES_PER_BLOCK) * 8;
      long d0 = (long) LONGS.get(b, p);
      long d1 = (long) LONGS.get(b, p + 8);
      long d2 = (long) LONGS.get(b, p + 16);
      long d3 = (long) LONGS.get(b, p + 24);
      long d4 = (long) LONGS.get(b, p + 32);
      long d5 = (long) LONGS.get(b, p + 40);
      long d6 = (long) LONGS.get(b, p + 48);
      long d7 = (long) LONGS.get(b, p + 56);
      long k0 = d0 ^ k[o];
      long k1 = d1 ^ k[o + 8];
      long k2 = d2 ^ k[o + 16];
      long k3 = d3 ^ k[o + 24];
      long k4 = d4 ^ k[o + 32];
      long k5 = d5 ^ k[o + 40];
      long k6 = d6 ^ k[o + 48];
      long k7 = d7 ^ k[o + 56];
      a0 += d1 + (k0 & 0xFFFFFFFFL) * (k0 >>> 32);
      a1 += d0 + (k1 & 0xFFFFFFFFL) * (k1 >>> 32);
      a2 += d3 + (k2 & 0xFFFFFFFFL) * (k2 >>> 32);
      a3 += d2 + (k3 & 0xFFFFFFFFL) * (k3 >>> 32);
      a4 += d5 + (k4 & 0xFFFFFFFFL) * (k4 >>> 32);
      a5 += d4 + (k5 & 0xFFFFFFFFL) * (k5 >>> 32);
      a6 += d7 + (k6 & 0xFFFFFFFFL) * (k6 >>> 32);
      a7 += d6 + (k7 & 0xFFFFFFFFL) * (k7 >>> 32);
      if (!last && i % STRIPES_PER_BLOCK == STRIPES_PER_BLOCK - 1) {
        // A full block: scramble with the secret's last 64 bytes.
        int s = SECRET_SIZE - STRIPE;
        a0 = scramble(a0, k[s]);
        a1 = scramble(a1, k[s + 8]);
        a2 = scramble(a2, k[s + 16]);
        a3 = scramble(a3, k[s + 24]);
        a4 = scramble(a4, k[s + 32]);
        a5 = scramble(a5, k[s + 40]);
        a6 = scramble(a6, k[s + 48]);
        a7 = scramble(a7, k[s + 56]);
      }
    }
    high = merge(a0, a1, a2, a3, a4, a5, a6, a7, SECRET_SIZE - STRIPE - 11, ~(len * PRIME64_2));
    return merge(a0, a1, a2, a3, a4, a5, a6, a7, 11, len * PRIME64_1);
  }

  private static long scramble(long acc, long key) {
    return ((acc ^ (acc >>> 47)) ^ key) * PRIME32_1;
  }

  private static long merge(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7, int s, long start) {
    long r = start;
    r += fold(a0 ^ secret(s), a1 ^ secret(s + 8));
    r += fold(a2 ^ secret(s + 16), a3 ^ secret(s + 24));
    r += fold(a4 ^ secret(s + 32), a5 ^ secret(s + 40));
    r += fold(a6 ^ secret(s + 48), a7 ^ secret(s + 56));
    return avalanche(r);
  }

  private static long mix16(long inLow, long inHigh, int s) {
    return fold(inLow ^ secret(s), inHigh ^ secret(s + 8));
  }

  /** The 128-bit product of two 64-bit values, folded to 64 bits by xor. */
  private static long fold(long x, long y) {
    return (x * y) ^ Math.unsignedMultiplyHigh(x, y);
  }

  private static long secret(int offset) {
    return SECRET_AT[offset];
  }

  private static int secret32(int offset) {
    return (int) SECRET_AT[offset];
  }

  private static long avalanche(long h) {
    h ^= h >>> 37;
    h *= PRIME_MX1;
    return h ^ (h >>> 32);
  }

  private static long xxh64Avalanche(long h) {
    h ^= h >>> 33;
    h *= PRIME64_2;
    h ^= h >>> 29;
    h *= PRIME64_3;
    return h ^ (h >>> 32);
  }

  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }
}
