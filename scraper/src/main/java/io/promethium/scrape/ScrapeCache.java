package io.promethium.scrape;

import io.promethium.scrape.textparse.SeriesCacheProbe;
import io.promethium.tsdb.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Per-target map from the raw series text of a scrape ({@code name{labels}} exactly as exposed)
 * to the storage series reference and final labels. A steady-state scrape looks every line up
 * here without building strings or label sets, which is where ingestion speed comes from.
 * Series that metric relabeling dropped are cached too, so they are not relabeled again.
 *
 * <p>Open addressing over parallel arrays (no per-entry objects besides the key bytes). Not
 * thread-safe: one loop, one scrape at a time.
 */
final class ScrapeCache implements SeriesCacheProbe {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  static final long DROPPED = -1;

  private int[] slots; // entry index + 1; 0 = empty
  private long[] hashes = new long[64];
  private byte[][] keys = new byte[64][];
  private long[] refs = new long[64];
  private Labels[] labels = new Labels[64];
  private int[] lastIter = new int[64];
  private int size;
  private int iter;

  ScrapeCache() {
    slots = new int[128];
  }

  int size() {
    return size;
  }

  /**
   * The exposition format (an {@code ExpositionFormat} ordinal) whose lexer accepted every cached
   * key, or -1 when unknown or mixed. A probe hit skips lexing, so only then may a parser probe:
   * the text format accepts {@code a{b="c",}}, OpenMetrics does not.
   */
  private int lexedBy = -1;

  int lexedBy() {
    return lexedBy;
  }

  void lexedBy(int format) {
    lexedBy = format;
  }

  int iteration() {
    return iter;
  }

  static long hash(byte[] b, int from, int to) {
    long h = 0x9E3779B97F4A7C15L ^ (to - from);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = (h ^ (long) LONGS.get(b, i)) * 0xff51afd7ed558ccdL;
      h ^= h >>> 29;
    }
    for (; i < to; i++) {
      h = (h ^ (b[i] & 0xff)) * 0xc4ceb9fe1a85ec53L;
    }
    h ^= h >>> 32;
    return h;
  }

  @Override
  public int lookup(byte[] buffer, int from, int to) {
    return find(buffer, from, to, hash(buffer, from, to));
  }

  /** Entry index for the key, or -1. Marks the entry as seen in this iteration. */
  int find(byte[] b, int from, int to, long h) {
    int mask = slots.length - 1;
    int s = (int) h & mask;
    while (true) {
      int e = slots[s] - 1;
      if (e < 0) {
        return -1;
      }
      if (hashes[e] == h && Arrays.equals(keys[e], 0, keys[e].length, b, from, to)) {
        lastIter[e] = iter;
        return e;
      }
      s = (s + 1) & mask;
    }
  }

  long ref(int entry) {
    return refs[entry];
  }

  Labels labels(int entry) {
    return labels[entry];
  }

  void setRef(int entry, long ref) {
    refs[entry] = ref;
  }

  /** Adds an entry; {@code ref == DROPPED} marks a series metric relabeling dropped. */
  int add(byte[] b, int from, int to, long h, long ref, Labels lset) {
    if (size == hashes.length) {
      int cap = size * 2;
      hashes = Arrays.copyOf(hashes, cap);
      keys = Arrays.copyOf(keys, cap);
      refs = Arrays.copyOf(refs, cap);
      labels = Arrays.copyOf(labels, cap);
      lastIter = Arrays.copyOf(lastIter, cap);
    }
    int e = size++;
    hashes[e] = h;
    keys[e] = Arrays.copyOfRange(b, from, to);
    refs[e] = ref;
    labels[e] = lset;
    lastIter[e] = iter;
    if (size * 2 > slots.length) {
      rehash(slots.length * 2);
    } else {
      insertSlot(e);
    }
    return e;
  }

  private void insertSlot(int e) {
    int mask = slots.length - 1;
    int s = (int) hashes[e] & mask;
    while (slots[s] != 0) {
      s = (s + 1) & mask;
    }
    slots[s] = e + 1;
  }

  private void rehash(int cap) {
    slots = new int[cap];
    for (int e = 0; e < size; e++) {
      insertSlot(e);
    }
  }

  /**
   * Ends a scrape. After a successful non-empty scrape, entries not seen in it are evicted (series
   * churn and alternative spellings of one series would otherwise grow the cache forever), as in
   * Prometheus's {@code iterDone}.
   */
  void iterationDone(boolean flush) {
    if (flush) {
      int w = 0;
      for (int e = 0; e < size; e++) {
        if (lastIter[e] == iter) {
          if (w != e) {
            hashes[w] = hashes[e];
            keys[w] = keys[e];
            refs[w] = refs[e];
            labels[w] = labels[e];
            lastIter[w] = lastIter[e];
          }
          w++;
        }
      }
      if (w != size) {
        Arrays.fill(keys, w, size, null);
        Arrays.fill(labels, w, size, null);
        size = w;
        int cap = 128;
        while (cap < size * 2) {
          cap <<= 1;
        }
        rehash(cap);
      }
    }
    iter++;
  }
}
