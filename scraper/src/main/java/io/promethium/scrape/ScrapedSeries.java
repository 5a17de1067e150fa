package io.promethium.scrape;

import java.util.Arrays;

/**
 * The series refs written by one scrape, for staleness: what was in the previous scrape but not
 * in this one gets a stale marker (appended by ref alone). A primitive open-addressing set, so a
 * scrape of n series costs n inserts and n lookups, no boxing.
 */
final class ScrapedSeries {
  private long[] table = new long[256]; // 0 = empty; refs are non-zero
  private int count;
  private long[] refs = new long[128];

  int size() {
    return count;
  }

  long ref(int i) {
    return refs[i];
  }

  void clear() {
    if (count > 0) {
      Arrays.fill(table, 0);
      count = 0;
    }
  }

  boolean contains(long ref) {
    int mask = table.length - 1;
    int s = mix(ref) & mask;
    while (true) {
      long v = table[s];
      if (v == 0) {
        return false;
      }
      if (v == ref) {
        return true;
      }
      s = (s + 1) & mask;
    }
  }

  void add(long ref) {
    if (ref == 0) {
      return;
    }
    if ((count + 1) * 2 > table.length) {
      grow();
    }
    int mask = table.length - 1;
    int s = mix(ref) & mask;
    while (true) {
      long v = table[s];
      if (v == 0) {
        break;
      }
      if (v == ref) {
        return;
      }
      s = (s + 1) & mask;
    }
    table[s] = ref;
    if (count == refs.length) {
      refs = Arrays.copyOf(refs, count * 2);
    }
    refs[count] = ref;
    count++;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    int mask = table.length - 1;
    for (long v : old) {
      if (v != 0) {
        int s = mix(v) & mask;
        while (table[s] != 0) {
          s = (s + 1) & mask;
        }
        table[s] = v;
      }
    }
  }

  private static int mix(long v) {
    v *= 0x9E3779B97F4A7C15L;
    return (int) (v ^ (v >>> 32));
  }
}
