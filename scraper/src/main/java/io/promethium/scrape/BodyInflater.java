package io.promethium.scrape;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Gunzips a scrape body straight into a reused buffer on the worker thread, enforcing
 * body_size_limit on the uncompressed size as Prometheus does. Doing this ourselves instead of
 * in the HTTP client avoids its intermediate buffers and keeps the event loop free.
 */
final class BodyInflater {
  /** Shared across loops: only as many bodies are inflated at once as there are workers. */
  private static final java.util.concurrent.ConcurrentLinkedDeque<BodyInflater> POOL =
      new java.util.concurrent.ConcurrentLinkedDeque<>();
  private static final int MAX_POOLED = 32;
  private static final java.util.concurrent.atomic.AtomicInteger POOLED = new java.util.concurrent.atomic.AtomicInteger();

  private byte[] out = new byte[256 * 1024];

  static BodyInflater acquire() {
    BodyInflater i = POOL.pollFirst();
    if (i == null) {
      return new BodyInflater();
    }
    POOLED.decrementAndGet();
    return i;
  }

  /** Returns the inflater (and its grown buffer) for reuse; the caller must not touch it after. */
  static void release(BodyInflater i) {
    if (POOLED.incrementAndGet() <= MAX_POOLED) {
      POOL.offerFirst(i);
    } else {
      POOLED.decrementAndGet();
    }
  }
  private int length;

  byte[] buffer() {
    return out;
  }

  int length() {
    return length;
  }

  /** Returns null on success, else Prometheus-style error text. */
  String inflate(byte[] src, int srcLength, long limit) {
    length = 0;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(src, 0, srcLength), 16 * 1024)) {
      while (true) {
        if (length == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        int n = in.read(out, length, out.length - length);
        if (n < 0) {
          return null;
        }
        length += n;
        if (limit > 0 && length > limit) {
          return "body size limit exceeded";
        }
      }
    } catch (IOException e) {
      return "gzip: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }
}
