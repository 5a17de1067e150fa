package io.promethium.scrape;

import java.util.ArrayDeque;

/**
 * Buffers for scrape bodies in flight, shared by all loops in power-of-two size classes. A loop
 * holds a buffer only from its first response bytes until its worker has appended the scrape,
 * so memory follows the number of scrapes in flight, not the number of targets: 1,000 targets
 * serving 1 MB uncompressed bodies would otherwise pin 1 GB between scrapes.
 */
final class BodyBufferPool {
  private static final int MIN_SHIFT = 14; // 16 KiB
  private static final int MAX_SHIFT = 30;
  /** Buffers kept per size class; more than the scrapes that run at once on a small machine. */
  private static final int KEEP_PER_CLASS = 16;

  @SuppressWarnings("unchecked")
  private static final ArrayDeque<byte[]>[] FREE = new ArrayDeque[MAX_SHIFT + 1];

  static {
    for (int i = MIN_SHIFT; i <= MAX_SHIFT; i++) {
      FREE[i] = new ArrayDeque<>();
    }
  }

  private BodyBufferPool() {}

  /** A buffer of at least {@code size} bytes (a power of two, at least 16 KiB). */
  static byte[] acquire(int size) {
    int shift = shiftFor(size);
    if (shift > MAX_SHIFT) {
      return new byte[size];
    }
    ArrayDeque<byte[]> q = FREE[shift];
    byte[] b;
    synchronized (q) {
      b = q.pollFirst();
    }
    return b != null ? b : new byte[1 << shift];
  }

  /** Gives a buffer back; the caller must not use it afterwards. */
  static void release(byte[] b) {
    int len = b.length;
    if (Integer.bitCount(len) != 1) {
      return;
    }
    int shift = Integer.numberOfTrailingZeros(len);
    if (shift < MIN_SHIFT || shift > MAX_SHIFT) {
      return;
    }
    ArrayDeque<byte[]> q = FREE[shift];
    synchronized (q) {
      if (q.size() < KEEP_PER_CLASS) {
        q.addFirst(b);
      }
    }
  }

  /** A buffer holding {@code b[0, length)} with room for at least {@code size}; releases {@code b}. */
  static byte[] grow(byte[] b, int length, int size) {
    byte[] n = acquire(size);
    System.arraycopy(b, 0, n, 0, length);
    release(b);
    return n;
  }

  private static int shiftFor(int size) {
    if (size <= 1 << MIN_SHIFT) {
      return MIN_SHIFT;
    }
    return 64 - Long.numberOfLeadingZeros(size - 1L);
  }
}
