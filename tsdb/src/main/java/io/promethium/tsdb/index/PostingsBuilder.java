package io.promethium.tsdb.index;

import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * Builds postings in bulk while series are loaded at start. Label pairs are keyed by their two
 * symbol ids in a primitive open-addressing map, and each pair collects its refs in a plain
 * growable {@code int[]}: a series costs a few array probes and appends. Bitmaps are made once
 * per pair at the end, from sorted runs ({@link RoaringBitmap#addN}); adding to ~2,000 bitmaps in
 * turn (a chain of dependent loads per add) was the bulk of a start at 300k series.
 *
 * <p>Several builders, each loading its own range of refs on its own thread, may fill one index.
 */
public final class PostingsBuilder {
  private long[] keys = new long[1 << 12];
  private int[] slots = new int[1 << 12]; // pair index + 1; 0 = empty
  private long[] pairKeys = new long[1 << 11]; // key of pair i
  private int[][] refs = new int[1 << 11][]; // refs of pair i, ascending if added so
  private int[] lengths = new int[1 << 11];
  private int pairs;
  private int[] all = new int[1 << 12];
  private int allLength;
  private RoaringBitmap[] bitmaps; // set by seal()
  private RoaringBitmap allBitmap;

  /** Adds a series; {@code ids} holds name and value symbol ids alternately. */
  public void add(int ref, int[] ids, int len) {
    all = put(all, allLength++, ref);
    for (int i = 0; i < len; i += 2) {
      int p = pair(((long) ids[i] << 32) | (ids[i + 1] & 0xffffffffL));
      refs[p] = put(refs[p], lengths[p]++, ref);
    }
  }

  private static int[] put(int[] a, int at, int value) {
    if (at == a.length) {
      a = Arrays.copyOf(a, a.length * 2);
    }
    a[at] = value;
    return a;
  }

  private int pair(long key) {
    int mask = slots.length - 1;
    int i = (int) mix(key) & mask;
    while (slots[i] != 0) {
      if (keys[i] == key) {
        return slots[i] - 1;
      }
      i = (i + 1) & mask;
    }
    int p = pairs++;
    if (p == pairKeys.length) {
      pairKeys = Arrays.copyOf(pairKeys, p * 2);
      refs = Arrays.copyOf(refs, p * 2);
      lengths = Arrays.copyOf(lengths, p * 2);
    }
    pairKeys[p] = key;
    refs[p] = new int[4];
    keys[i] = key;
    slots[i] = p + 1;
    if (pairs * 2 > slots.length) {
      grow();
    }
    return p;
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

  /**
   * Turns the collected refs into bitmaps (the costly half of a build, so it runs on the thread
   * that loaded them). Nothing may be added afterwards.
   */
  public void seal() {
    bitmaps = new RoaringBitmap[pairs];
    for (int p = 0; p < pairs; p++) {
      bitmaps[p] = bitmap(refs[p], lengths[p]);
      refs[p] = null; // the arrays together are as large as the index; let them go as it fills
    }
    allBitmap = bitmap(all, allLength);
    all = null;
  }

  /**
   * Adds the sealed postings to {@code index}, resolving symbol ids with {@code symbols}. Builders
   * of different ranges of refs may go into one index, in any order.
   */
  public void buildInto(PostingsIndex index, SymbolTable symbols) {
    if (bitmaps == null) {
      seal();
    }
    String[] byId = symbols.array();
    for (int p = 0; p < pairs; p++) {
      long key = pairKeys[p];
      index.addPostings(byId[(int) (key >>> 32)], byId[(int) key], bitmaps[p]);
    }
    index.addSeries(allBitmap);
  }

  private static RoaringBitmap bitmap(int[] sorted, int n) {
    RoaringBitmap b = new RoaringBitmap();
    b.addN(sorted, 0, n);
    b.runOptimize();
    return b;
  }
}
