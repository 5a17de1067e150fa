package io.promethium.scrape;

import java.util.Arrays;

/**
 * The series refs written by one scrape, in order, for staleness: what was in the previous scrape
 * but not in this one gets a stale marker (appended by ref alone).
 *
 * <p>A target exposes the same series in the same order nearly every time, so a scrape only
 * appends its refs to an array, and {@link #sameAs} compares two scrapes' arrays in one sequential
 * pass. The hash set behind {@link #seenOrMark} is built only when they differ: inserting every
 * ref into it on every scrape was ~7 % of a scrape's CPU (a cache miss per series, right after
 * the body had gone through the cache).
 */
final class ScrapedSeries {
  private long[] refs = new long[128];
  private int count;
  private long[] table = new long[256]; // 0 = empty; refs are non-zero
  private int filled;
  private boolean indexed;

  /** Refs added, in order; a series exposed twice is there twice. */
  int size() {
    return count;
  }

  long ref(int i) {
    return refs[i];
  }

  void clear() {
    count = 0;
    if (indexed) {
      Arrays.fill(table, 0);
      filled = 0;
      indexed = false;
    }
  }

  void add(long ref) {
    if (ref == 0) {
      return;
    }
    if (count == refs.length) {
      refs = Arrays.copyOf(refs, count * 2);
    }
    refs[count++] = ref;
    if (indexed) {
      insert(ref);
    }
  }

  /** True when both hold the same refs in the same order. */
  boolean sameAs(ScrapedSeries other) {
    return count == other.count && Arrays.equals(refs, 0, count, other.refs, 0, count);
  }

  /**
   * True when {@code ref} was added or marked before; otherwise marks it (without adding it to
   * the refs) and returns false, so each ref is reported absent once.
   */
  boolean seenOrMark(long ref) {
    if (!indexed) {
      indexed = true;
      for (int i = 0; i < count; i++) {
        insert(refs[i]);
      }
    }
    return !insert(ref);
  }

  /** Adds {@code ref} to the set; false when it was there. Keeps half the slots free. */
  private boolean insert(long ref) {
    if ((filled + 1) * 2 > table.length) {
      long[] old = table;
      table = new long[old.length * 2];
      filled = 0;
      for (long v : old) {
        if (v != 0) {
          place(v);
        }
      }
    }
    return place(ref);
  }

  private boolean place(long ref) {
    int mask = table.length - 1;
    int s = mix(ref) & mask;
    while (true) {
      long v = table[s];
      if (v == 0) {
        table[s] = ref;
        filled++;
        return true;
      }
      if (v == ref) {
        return false;
      }
      s = (s + 1) & mask;
    }
  }

  private static int mix(long v) {
    v *= 0x9E3779B97F4A7C15L;
    return (int) (v ^ (v >>> 32));
  }
}
