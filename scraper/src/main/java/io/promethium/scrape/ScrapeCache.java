package io.promethium.scrape;

import io.promethium.scrape.textparse.SeriesCacheProbe;
import java.util.Arrays;

/**
 * Per-target map from the raw series text of a scrape ({@code name{labels}} exactly as exposed)
 * to the storage series reference. A steady-state scrape looks every line up here without
 * building strings or label sets, which is where ingestion speed comes from. Series that metric
 * relabeling dropped are cached too, so they are not relabeled again.
 *
 * <p>Keys are 128-bit hashes of the text ({@link Xxh3Hash128}), not the text: an Istio series
 * is ~850 bytes of text, the entry here is ~40 bytes. Labels are not kept either: the storage
 * appends by reference, and hands back {@code UnknownSeriesException} in the rare case a
 * reference outlived its series, when the writer rebuilds the labels from the line it is on.
 *
 * <p>Open addressing over parallel primitive arrays. Not thread-safe: one loop, one scrape at a
 * time.
 */
final class ScrapeCache implements SeriesCacheProbe {
  static final long DROPPED = -1;

  private final Xxh3Hash128 hasher = new Xxh3Hash128();
  private int[] slots; // entry index + 1; 0 = empty
  private long[] lows = new long[64];
  private long[] highs = new long[64];
  private long[] refs = new long[64];
  private int[] lastIter = new int[64];
  /** Length of each entry's text, for {@link #expectedLength()}. */
  private int[] lens = new int[64];
  /** The entry after the last hit or add: where the next line most likely is. */
  private int expected;
  private int size;
  private int iter;
  /** Hash of the last {@link #find}, for the {@link #add} that follows a miss. */
  private long lastLow;
  private long lastHigh;
  private int lastLen;

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

  @Override
  public int lookup(byte[] buffer, int from, int to) {
    return find(buffer, from, to);
  }

  /**
   * Entry index for the series text {@code b[from, to)}, or -1. Marks the entry as seen in this
   * iteration; remembers the hash for an {@link #add} of the same text.
   */
  int find(byte[] b, int from, int to) {
    long lo = hasher.hash(b, from, to);
    long hi = hasher.high();
    lastLow = lo;
    lastHigh = hi;
    lastLen = to - from;
    int mask = slots.length - 1;
    int s = (int) lo & mask;
    while (true) {
      int e = slots[s] - 1;
      if (e < 0) {
        return -1;
      }
      if (lows[e] == lo && highs[e] == hi) {
        lastIter[e] = iter;
        expected = e + 1;
        return e;
      }
      s = (s + 1) & mask;
    }
  }

  @Override
  public int expectedLength() {
    return expected < size ? lens[expected] : 0;
  }

  @Override
  public int confirmExpected(byte[] b, int from, int to) {
    int e = expected;
    if (e >= size || hasher.hash(b, from, to) != lows[e] || hasher.high() != highs[e]) {
      return -1;
    }
    lastIter[e] = iter;
    expected = e + 1;
    return e;
  }

  long ref(int entry) {
    return refs[entry];
  }

  void setRef(int entry, long ref) {
    refs[entry] = ref;
  }

  /**
   * Adds an entry for the text of the last {@link #find} (which missed); {@code ref == DROPPED}
   * marks a series metric relabeling dropped.
   */
  int add(long ref) {
    if (size == lows.length) {
      int cap = size * 2;
      lows = Arrays.copyOf(lows, cap);
      highs = Arrays.copyOf(highs, cap);
      refs = Arrays.copyOf(refs, cap);
      lastIter = Arrays.copyOf(lastIter, cap);
      lens = Arrays.copyOf(lens, cap);
    }
    int e = size++;
    lens[e] = lastLen;
    expected = size;
    lows[e] = lastLow;
    highs[e] = lastHigh;
    refs[e] = ref;
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
    int s = (int) lows[e] & mask;
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
            lows[w] = lows[e];
            highs[w] = highs[e];
            refs[w] = refs[e];
            lastIter[w] = lastIter[e];
            lens[w] = lens[e];
          }
          w++;
        }
      }
      if (w != size) {
        size = w;
        int cap = 128;
        while (cap < size * 2) {
          cap <<= 1;
        }
        rehash(cap);
        if (lows.length > 64 && size * 4 < lows.length) {
          int keep = Math.max(64, size * 2);
          lows = Arrays.copyOf(lows, keep);
          highs = Arrays.copyOf(highs, keep);
          refs = Arrays.copyOf(refs, keep);
          lastIter = Arrays.copyOf(lastIter, keep);
          lens = Arrays.copyOf(lens, keep);
        }
      }
    }
    iter++;
    expected = 0;
  }
}
