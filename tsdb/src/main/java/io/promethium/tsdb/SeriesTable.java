package io.promethium.tsdb;

import java.util.Arrays;

/**
 * Every series ref ever created, found by label hash, plus the head's series by ref. An
 * open-addressing table of (hash, ref) with linear probing; colliding hashes simply occupy several
 * slots and are told apart by comparing labels. Evicted series keep their slot (the ref stays
 * theirs) while their {@link MemSeries} leaves memory.
 */
final class SeriesTable {
  private long[] hashes = new long[1 << 12];
  private int[] refs = new int[1 << 12];
  private int used;
  private volatile MemSeries[] byRef = new MemSeries[1 << 10];
  private int headCount;

  /** The head series for a ref, or null when unknown or evicted. Lock-free. */
  MemSeries get(int ref) {
    MemSeries[] a = byRef;
    return ref > 0 && ref < a.length ? a[ref] : null;
  }

  /** Calls back refs whose label hash equals {@code hash}; stops when the visitor returns true. */
  int find(long hash, RefTest test) {
    int mask = refs.length - 1;
    for (int i = mix(hash) & mask; refs[i] != 0; i = (i + 1) & mask) {
      if (refs[i] > 0 && hashes[i] == hash && test.matches(refs[i])) {
        return refs[i];
      }
    }
    return 0;
  }

  /** Forgets a ref; its slot becomes a tombstone (-1) that lookups probe past. */
  void removeRef(long hash, int ref) {
    int mask = refs.length - 1;
    for (int i = mix(hash) & mask; refs[i] != 0; i = (i + 1) & mask) {
      if (refs[i] == ref) {
        refs[i] = -1;
        return;
      }
    }
  }

  void addRef(long hash, int ref) {
    if ((used + 1) * 2 > refs.length) {
      rehash();
    }
    int mask = refs.length - 1;
    int i = mix(hash) & mask;
    while (refs[i] != 0) {
      i = (i + 1) & mask;
    }
    hashes[i] = hash;
    refs[i] = ref;
    used++;
  }

  void putHead(MemSeries s) {
    MemSeries[] a = byRef;
    if (s.ref >= a.length) {
      a = Arrays.copyOf(a, Math.max(s.ref + 1, a.length * 2));
    }
    if (a[s.ref] == null) {
      headCount++;
    }
    a[s.ref] = s;
    byRef = a;
  }

  void removeHead(int ref) {
    MemSeries[] a = byRef;
    if (ref < a.length && a[ref] != null) {
      a[ref] = null;
      headCount--;
    }
  }

  int headCount() {
    return headCount;
  }

  int refCount() {
    return used;
  }

  /** The current head array; entries may be null. Safe to scan without locks (may miss new series). */
  MemSeries[] headArray() {
    return byRef;
  }

  /** Sizes the label-hash table for {@code count} refs, so loading them at start never rehashes. */
  void reserve(int count) {
    int capacity = refs.length;
    while ((long) count * 2 > capacity) {
      capacity *= 2;
    }
    if (capacity > refs.length) {
      rehash(capacity);
    }
  }

  private void rehash() {
    rehash(refs.length * 2);
  }

  private void rehash(int capacity) {
    long[] oh = hashes;
    int[] or = refs;
    hashes = new long[capacity];
    refs = new int[capacity];
    used = 0;
    for (int i = 0; i < or.length; i++) {
      if (or[i] > 0) { // tombstones are dropped
        addRef(oh[i], or[i]);
      }
    }
  }

  private static int mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) h;
  }

  /** Decides whether a ref with a matching hash is the series being looked up. */
  @FunctionalInterface
  interface RefTest {
    boolean matches(int ref);
  }
}
