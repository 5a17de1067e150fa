package io.promethium.tsdb.index;

import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * Builds postings in bulk while series are loaded at start: label pairs are keyed by their two
 * symbol ids in a primitive open-addressing map, so a series costs a few array probes and
 * in-order bitmap appends; the string-keyed index is filled once per distinct pair at the end.
 */
public final class PostingsBuilder {
  private long[] keys = new long[1 << 12];
  private int[] slots = new int[1 << 12]; // index into bitmaps + 1; 0 = empty
  private final List<RoaringBitmap> bitmaps = new ArrayList<>();
  private long[] pairKeys = new long[1 << 11]; // key of bitmaps.get(i)
  private final RoaringBitmap all = new RoaringBitmap();

  /** Adds a series; {@code ids} holds name and value symbol ids alternately. */
  public void add(int ref, int[] ids, int len) {
    all.add(ref);
    for (int i = 0; i < len; i += 2) {
      long key = ((long) ids[i] << 32) | (ids[i + 1] & 0xffffffffL);
      bitmap(key).add(ref);
    }
  }

  private RoaringBitmap bitmap(long key) {
    int mask = slots.length - 1;
    int i = (int) mix(key) & mask;
    while (slots[i] != 0) {
      if (keys[i] == key) {
        return bitmaps.get(slots[i] - 1);
      }
      i = (i + 1) & mask;
    }
    RoaringBitmap b = new RoaringBitmap();
    bitmaps.add(b);
    if (bitmaps.size() > pairKeys.length) {
      pairKeys = java.util.Arrays.copyOf(pairKeys, pairKeys.length * 2);
    }
    pairKeys[bitmaps.size() - 1] = key;
    keys[i] = key;
    slots[i] = bitmaps.size();
    if (bitmaps.size() * 2 > slots.length) {
      grow();
    }
    return b;
  }

  private void grow() {
    long[] ok = keys;
    int[] os = slots;
    keys = new long[ok.length * 2];
    slots = new int[os.length * 2];
    int mask = slots.length - 1;
    for (int j = 0; j < os.length; j++) {
      if (os[j] != 0) {
        int i = (int) mix(ok[j]) & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = ok[j];
        slots[i] = os[j];
      }
    }
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  /** Moves everything into {@code index}, resolving symbol ids with {@code symbols}. */
  public void buildInto(PostingsIndex index, SymbolTable symbols) {
    String[] byId = symbols.array();
    for (int p = 0; p < bitmaps.size(); p++) {
      long key = pairKeys[p];
      RoaringBitmap b = bitmaps.get(p);
      b.runOptimize();
      index.addPostings(byId[(int) (key >>> 32)], byId[(int) key], b);
    }
    index.addSeries(all);
  }
}
