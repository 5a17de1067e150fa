package io.promethium.tsdb.index;

import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * Builds postings in bulk while series are loaded at start, from refs added in ascending order.
 * Label pairs are keyed by their two symbol ids in a primitive open-addressing map, and each pair
 * collects its refs as runs ({@code start, end} in a plain {@code int[]}). Refs are handed out as
 * series are created, and a target's series are created together, so consecutive refs share most
 * label pairs (namespace, pod, workload, job, …): for those a series only extends a run, and the
 * pair is found by comparing with the previous series' label at the same position rather than by
 * hashing. Bitmaps are made once per pair, from the runs, by {@link #seal()}; adding every ref to
 * ~2,000 bitmaps in turn was the bulk of a start at 300k series.
 *
 * <p>Several builders, each loading its own range of refs on its own thread, may fill one index.
 */
public final class PostingsBuilder {
  private long[] keys = new long[1 << 12];
  private int[] slots = new int[1 << 12]; // pair index + 1; 0 = empty
  private long[] pairKeys = new long[1 << 11]; // key of pair i
  private int[][] runs = new int[1 << 11][]; // runs of pair i: start, end (inclusive), ...
  private int[] runInts = new int[1 << 11]; // ints used in runs[i]
  private int pairs;
  /** The previous series' pair key and pair index at each label position. */
  private long[] keyAt = new long[32];
  private int[] pairAt = new int[32];
  private int[] all = new int[16];
  private int allInts;
  private RoaringBitmap[] bitmaps; // set by seal()
  private RoaringBitmap allBitmap;

  public PostingsBuilder() {
    Arrays.fill(keyAt, -1L); // no pair has a negative id
  }

  /**
   * Adds a series; {@code ids[from, from + len)} holds name and value symbol ids alternately. Any
   * order of refs gives the right postings; ascending refs give the fewest runs.
   */
  public void add(int ref, int[] ids, int from, int len) {
    all = extend(all, allInts, ref);
    allInts = runEnd;
    int positions = len >>> 1;
    if (positions > keyAt.length) {
      int old = keyAt.length;
      keyAt = Arrays.copyOf(keyAt, positions);
      pairAt = Arrays.copyOf(pairAt, positions);
      Arrays.fill(keyAt, old, positions, -1L);
    }
    for (int k = 0; k < positions; k++) {
      long key = ((long) ids[from + 2 * k] << 32) | (ids[from + 2 * k + 1] & 0xffffffffL);
      int p;
      if (keyAt[k] == key) {
        p = pairAt[k];
      } else {
        p = pair(key);
        keyAt[k] = key;
        pairAt[k] = p;
      }
      runs[p] = extend(runs[p], runInts[p], ref);
      runInts[p] = runEnd;
    }
  }

  /** Ints used by the array {@link #extend} returned last (a field, to return two values). */
  private int runEnd;

  /** Adds {@code ref} to the runs in {@code r[0, used)}: extends the last run or starts one. */
  private int[] extend(int[] r, int used, int ref) {
    if (used > 0) {
      int last = r[used - 1];
      if (last == ref - 1) {
        r[used - 1] = ref;
        runEnd = used;
        return r;
      }
      if (last == ref) {
        runEnd = used;
        return r;
      }
    }
    if (used + 2 > r.length) {
      r = Arrays.copyOf(r, Math.max(4, r.length * 2));
    }
    r[used] = ref;
    r[used + 1] = ref;
    runEnd = used + 2;
    return r;
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
      runs = Arrays.copyOf(runs, p * 2);
      runInts = Arrays.copyOf(runInts, p * 2);
    }
    pairKeys[p] = key;
    runs[p] = new int[4];
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
   * Turns the collected runs into bitmaps (the costly half of a build, so it runs on the thread
   * that loaded them). Nothing may be added afterwards.
   */
  public void seal() {
    bitmaps = new RoaringBitmap[pairs];
    for (int p = 0; p < pairs; p++) {
      bitmaps[p] = bitmap(runs[p], runInts[p]);
      runs[p] = null; // the arrays together can be as large as the index; let them go as it fills
    }
    allBitmap = bitmap(all, allInts);
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

  /** Pairs collected; with {@link #pairKey} and {@link #pairBitmap}, read once sealed. */
  int pairCount() {
    return pairs;
  }

  /** Name symbol id in the high half, value symbol id in the low half. */
  long pairKey(int p) {
    return pairKeys[p];
  }

  RoaringBitmap pairBitmap(int p) {
    return bitmaps[p];
  }

  private static RoaringBitmap bitmap(int[] runs, int used) {
    RoaringBitmap b = new RoaringBitmap();
    for (int j = 0; j < used; j += 2) {
      int start = runs[j];
      int end = runs[j + 1];
      if (start == end) {
        b.add(start);
      } else {
        b.add((long) start, (long) end + 1);
      }
    }
    b.runOptimize();
    return b;
  }
}
